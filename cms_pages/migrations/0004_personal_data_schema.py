# Visitors' personal data, step 1 of 3: the sealed columns beside the plain ones, the
# appointment requests' own table, and the retention periods.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cms_pages.personal_data.fields


class Migration(migrations.Migration):

    dependencies = [
        ('cms_pages', '0003_block_previews'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AppointmentRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('page', models.ForeignKey(help_text='The contact page the request came through.', on_delete=django.db.models.deletion.CASCADE, to=settings.WAGTAIL_PAGE_MODEL)),
                ('sealed_form_data', cms_pages.personal_data.fields.SealedField(editable=False, help_text="The form's answers (JSON), sealed at rest.")),
                ('submit_time', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='submit time')),
                ('status', models.CharField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('booked', 'Booked'), ('declined', 'Declined')], db_index=True, default='new', help_text='Where the request stands: new, you contacted the visitor, booked, declined.', max_length=10)),
                ('is_spam', models.BooleanField(db_index=True, default=False, help_text='Junk rather than a request: deleted after the spam retention period.')),
                ('email_hash', models.CharField(blank=True, db_index=True, editable=False, help_text='Keyed hash of the email address given, to find a visitor\'s requests.', max_length=64)),
            ],
            options={
                'verbose_name': 'appointment request',
                'permissions': [('manage_personal_data', "Can find, export and erase visitors' personal data")],
            },
        ),
        migrations.AddField(
            model_name='response',
            name='sealed_email',
            field=cms_pages.personal_data.fields.SealedField(help_text="The visitor's email address (never published).", validators=[django.core.validators.validate_email]),
        ),
        migrations.AddField(
            model_name='response',
            name='sealed_ip_address',
            field=cms_pages.personal_data.fields.SealedField(blank=True, editable=False, help_text="The visitor's IP address, erased after the retention period."),
        ),
        migrations.AddField(
            model_name='response',
            name='sealed_user_agent',
            field=cms_pages.personal_data.fields.SealedField(blank=True, editable=False, help_text="The visitor's browser, erased after the retention period."),
        ),
        migrations.AddField(
            model_name='response',
            name='email_hash',
            field=models.CharField(blank=True, db_index=True, editable=False, help_text="Keyed hash of the email address, to find a visitor's responses.", max_length=64),
        ),
        migrations.AlterField(
            model_name='response',
            name='fingerprint',
            field=models.CharField(db_index=True, editable=False, help_text='Keyed hash of the page, email address and text: the same response twice.', max_length=64),
        ),
        migrations.AddField(
            model_name='practicesettings',
            name='appointment_request_retention_days',
            field=models.PositiveIntegerField(default=180, help_text='Appointment requests are deleted this many days after they arrive (7 to 1095). Export one first if you need to keep it.', validators=[django.core.validators.MinValueValidator(7), django.core.validators.MaxValueValidator(1095)]),
        ),
        migrations.AddField(
            model_name='practicesettings',
            name='spam_retention_days',
            field=models.PositiveIntegerField(default=30, help_text='Responses and requests marked as spam are deleted this many days after they arrive (1 to 365).', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)]),
        ),
        migrations.AddField(
            model_name='practicesettings',
            name='connection_data_retention_days',
            field=models.PositiveIntegerField(default=30, help_text='The IP address and browser of the responses you keep, and failed admin sign-ins, are erased this many days after they arrive (1 to 365).', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)]),
        ),
    ]
