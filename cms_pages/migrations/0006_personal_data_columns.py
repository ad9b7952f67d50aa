# Visitors' personal data, step 3 of 3: the plain columns go, the sealed ones take their names.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cms_pages', '0005_personal_data_sealed'),
    ]

    operations = [
        migrations.RemoveField(model_name='response', name='email'),
        migrations.RemoveField(model_name='response', name='ip_address'),
        migrations.RemoveField(model_name='response', name='user_agent'),
        migrations.RenameField(model_name='response', old_name='sealed_email', new_name='email'),
        migrations.RenameField(model_name='response', old_name='sealed_ip_address', new_name='ip_address'),
        migrations.RenameField(model_name='response', old_name='sealed_user_agent', new_name='user_agent'),
    ]
