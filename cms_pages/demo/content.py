"""The words of the demo site.

The CranioSacral page reproduces the practice's real page (`shared/content/`) verbatim.
Everything else is invented for the demo, kept short, and marked "(Demo text.)" so nobody
mistakes it for the practice's own words.
"""

DEMO = "(Demo text.)"

PRACTICE = {
    "practice_name": "Massage Aha!",
    "tagline": (
        "Professional therapeutic massage therapy in Kansas City, MO by Aaron Harris, BCTMB"
    ),
    "therapist_name": "Aaron Harris",
    "therapist_credential": "BCTMB",
    "street_address": "1200 Demo Street, Suite 3",
    "locality": "Kansas City",
    "region": "MO",
    "postal_code": "64111",
    "country": "US",
    "phone": "(816) 555-0142",
    "email": "hello@massageaha.example",
    "booking_url": "",
    "footer_text": f"Therapeutic massage by appointment. Address and phone are demo values. {DEMO}",
}

OPENING_HOURS = [
    ("Tuesday", "10:00", "18:00"),
    ("Wednesday", "10:00", "18:00"),
    ("Thursday", "12:00", "20:00"),
    ("Friday", "10:00", "18:00"),
    ("Saturday", "09:00", "14:00"),
]

ALLY_BADGE = {"label": "Transgender Ally Flag", "alt_text": "Transgender Ally Flag"}

SOCIAL_LINKS = [("Instagram", "https://instagram.example/massageaha")]

CRANIOSACRAL = {
    "slug": "craniosacral-massage",
    "title": "CranioSacral Massage",
    "heading": "What is CranioSacral Massage?",
    "summary": (
        "Gentle, subtle work on the skull, spine and sacrum that many clients find the most "
        "relaxing massage of all."
    ),
    "introduction": [
        "CranioSacral massage, also known as Cranial Sacral Therapy (CST), is the gentle, "
        "subtle manipulation of the muscles and tissues surrounding the skull, spinal column, "
        "and sacrum.",
        "A CranioSacral session has a goal of normalizing the flow of cerebrospinal fluid (CSF) "
        "along the entire spine, removing blockages and restoring the body’s natural ability to "
        "heal from illness or injury. This fluid bathes the brain and spinal cord, providing "
        "mechanical protection from injury. It also provides a route for the immune system to "
        "deliver aid to these vital structures.",
        "This therapy often provides emotional stress relief in addition to the physical "
        "benefits. Many clients consider this the most relaxing massage treatment style.",
    ],
    "conditions_lead_in": (
        "Some conditions that might cause a client to seek this type of treatment include:"
    ),
    # The original list did not survive; these are demo entries (the response names the first two).
    "conditions": [
        "Depression (demo)",
        "Difficulty sleeping (demo)",
        "Chronic stress and anxiety (demo)",
        "Tension headaches and migraines (demo)",
        "Neck and back pain (demo)",
    ],
    "treatment_plan": (
        "A proper CST treatment plan would include at least three closely spaced sessions with "
        "ongoing maintenance appointments for maximum benefit."
    ),
    "suitable_for": (
        "CranioSacral Massage is an excellent choice for patients who can not tolerate other "
        "massage modalities, including those in hospice or palliative care, going through "
        "chemotherapy/radiation, and the elderly or anyone with extremely limited range of "
        "motion due to paralysis or arthritis."
    ),
    "image_alt": "client receiving craniosacral massage therapy",
    "what_to_expect_heading": "CranioSacral Massage Treatment",
    "what_to_expect": [
        "Typically, you will remain clothed during a CST session, so wearing loose, comfortable "
        "clothing is highly recommended. You will lie on your back and I will reach under your "
        "body to very gently hold and manipulate many areas along the spinal column.",
        "CSF has a “pulse” independent of your heart beat and moves along the CSF chamber very "
        "slowly. I can detect this pulse with my fingertips and will feel for this motion with "
        "every repositioning of my hands, making adjustments to guide the flow of fluid.",
    ],
    "sensations_lead_in": "You may experience the following sensations during a session:",
    "sensations": [
        "Deep relaxation, even sleep",
        "Tingling or “pins and needles” sensations that radiate to your arms and legs",
        "Auditory and visual hallucinations, usually hearing unusual “water sounds” and seeing "
        "colors",
        "Hot or cold flashes",
    ],
    "new_client_note": (
        "If you are new to massage or experience anxiety from the idea of disrobing for a "
        "massage, these sessions are a perfect introduction between you and I as we work "
        "towards your healing."
    ),
    "session_options": [(60, "95.00", "Single session (demo price)"), (90, "130.00", "")],
}

# The one response the practice's page shows (of its "4 Responses"); its author's name and
# email were not on the page, so those two are demo values.
RESPONSE = {
    "name": "Jamie (demo name)",
    "email": "jamie@example.com",
    "text": (
        "How wonderful that craniosacral massage helps with depression and difficulty "
        "sleeping. I have been feeling more depressed this month and want to try something "
        "to help. I will find an excellent place for craniosacral therapy locally."
    ),
}

OTHER_SERVICES = [
    {
        "slug": "swedish-massage",
        "title": "Swedish Massage",
        "summary": f"Long, flowing strokes that ease everyday tension. {DEMO}",
        "introduction": (
            "Swedish massage uses long, gliding strokes and gentle kneading to relax muscles "
            f"and calm the nervous system. {DEMO}"
        ),
        "conditions": ["General muscle tension (demo)", "Stress (demo)"],
        "session_options": [(60, "85.00", ""), (90, "120.00", "")],
    },
    {
        "slug": "deep-tissue-massage",
        "title": "Deep Tissue Massage",
        "summary": f"Slow, firm pressure for knots and long-held tension. {DEMO}",
        "introduction": (
            "Deep tissue massage works slowly through the deeper layers of muscle to release "
            f"chronic knots. Pressure is always agreed with you. {DEMO}"
        ),
        "conditions": ["Chronic shoulder tension (demo)", "Lower back stiffness (demo)"],
        "session_options": [(60, "95.00", ""), (90, "135.00", "")],
    },
    {
        "slug": "prenatal-massage",
        "title": "Prenatal Massage",
        "summary": f"Side-lying comfort for the second and third trimesters. {DEMO}",
        "introduction": (
            "Prenatal massage is given side-lying with supportive cushions, easing the aches "
            f"of pregnancy. Please check with your care provider first. {DEMO}"
        ),
        "conditions": ["Lower back ache in pregnancy (demo)", "Swollen ankles (demo)"],
        "session_options": [(60, "90.00", "")],
    },
    {
        "slug": "sports-massage",
        "title": "Sports Massage",
        "summary": f"Focused work before or after training and events. {DEMO}",
        "introduction": (
            "Sports massage combines stretching and targeted pressure to help you prepare for, "
            f"and recover from, training. {DEMO}"
        ),
        "conditions": ["Tight hamstrings (demo)", "Post-race soreness (demo)"],
        "session_options": [(30, "55.00", "Quick tune-up"), (60, "95.00", "")],
    },
]

FAQ_CATEGORIES = [
    ("Booking and payment", "booking", 1),
    ("Your session", "sessions", 2),
    ("CranioSacral therapy", "craniosacral", 3),
]

# (category slug, question, answer, attach to the CranioSacral page?)
FAQS = [
    (
        "booking",
        "How do I book an appointment?",
        f"Send a request through the contact page and I will reply within one working day. {DEMO}",
        False,
    ),
    (
        "booking",
        "What forms of payment do you accept?",
        f"Cash, cards and HSA/FSA cards are accepted. {DEMO}",
        False,
    ),
    (
        "booking",
        "What is your cancellation policy?",
        f"Please give 24 hours' notice; see the cancellation policy page for details. {DEMO}",
        False,
    ),
    (
        "sessions",
        "What should I wear?",
        f"Wear whatever is comfortable; for most styles you undress to your comfort level. {DEMO}",
        False,
    ),
    (
        "sessions",
        "How early should I arrive?",
        f"Arrive five to ten minutes early so we can talk before we start. {DEMO}",
        False,
    ),
    (
        "sessions",
        "Will the massage hurt?",
        f"No. Pressure is always agreed with you and you can ask for changes at any time. {DEMO}",
        False,
    ),
    (
        "craniosacral",
        "Do I stay clothed during CranioSacral therapy?",
        f"Yes. You stay fully clothed, so loose, comfortable clothing is best. {DEMO}",
        True,
    ),
    (
        "craniosacral",
        "How many CranioSacral sessions will I need?",
        f"Most clients start with three closely spaced sessions, then maintenance visits. {DEMO}",
        True,
    ),
    (
        "craniosacral",
        "Is CranioSacral therapy safe for older clients?",
        f"Yes. It is gentle enough for people who cannot tolerate other styles. {DEMO}",
        True,
    ),
]

HOME = {
    "title": "Massage Aha!",
    "hero_heading": "Therapeutic massage in Kansas City",
    "hero_text": (
        "Gentle, skilled massage therapy by Aaron Harris, BCTMB: a calm space where every "
        f"body is welcome. {DEMO}"
    ),
    "hero_image_alt": "a calm massage room with soft light",
    "cta_heading": "Ready for your first session?",
    "cta_text": f"Tell me when suits you and I will confirm your appointment. {DEMO}",
    "cta_button_label": "Request an appointment",
}

SERVICES_INDEX = {
    "title": "Services",
    "introduction": f"Every session is shaped around you. Choose a treatment to learn more. {DEMO}",
}

ABOUT = {
    "slug": "about",
    "title": "About Aaron",
    "introduction": (
        f"Aaron Harris is a Board Certified massage therapist (BCTMB) in Kansas City. {DEMO}"
    ),
    "body": [
        ("heading", "My approach"),
        (
            "paragraph",
            f"I listen first, then work gently and precisely. Every body is welcome here. {DEMO}",
        ),
    ],
}

CANCELLATION = {
    "slug": "cancellation-policy",
    "title": "Cancellation Policy",
    "introduction": f"Life happens; here is how cancelling or rescheduling works. {DEMO}",
    "body": [
        ("heading", "24 hours' notice"),
        (
            "paragraph",
            "Please cancel or reschedule at least 24 hours ahead. Late cancellations "
            f"may be charged half the session price. {DEMO}",
        ),
    ],
}

FAQ_PAGE = {
    "slug": "faq",
    "title": "Frequently Asked Questions",
    "introduction": f"Answers to the questions clients ask most. {DEMO}",
}

CONTACT = {
    "slug": "contact",
    "title": "Request an Appointment",
    "introduction": (
        "Tell me when you would like to come in and I will confirm by email or phone. Please "
        f"do not send health details through this form; we will talk about them in person. {DEMO}"
    ),
    "thank_you_text": "Thank you! Your request has been sent; I will reply within one working day.",
    "fields": [
        ("Name", "singleline", True, "", ""),
        ("Email", "email", True, "", ""),
        ("Phone", "singleline", False, "", "Optional: if you prefer a call back."),
        ("Preferred service", "dropdown", False, "SERVICES", ""),
        ("Preferred days and times", "singleline", True, "", "e.g. Tuesday or Thursday evenings."),
        ("Message", "multiline", False, "", "Anything else I should know (no health details)."),
        (
            "Consent to be contacted",
            "checkbox",
            True,
            "",
            "I agree to be contacted about this request.",
        ),
    ],
}

# The periods are not written here: the site adds them to this page, from Practice settings.
PRIVACY = {
    "slug": "privacy",
    "title": "Privacy",
    "introduction": f"What happens to what you tell me through this site, in plain words. {DEMO}",
    "body": [
        ("heading", "Who runs this site"),
        (
            "paragraph",
            "Massage Aha! is my practice: I am Aaron Harris, a Board Certified massage "
            "therapist in Kansas City, and I run this site myself. I am the only person who "
            "reads what you send through it.",
        ),
        ("heading", "What the forms ask for, and why"),
        (
            "paragraph",
            "The appointment request form asks for your name, your email address, a phone "
            "number if you would like a call, the service and times you would like, and a "
            "message. I use them only to reply to you and arrange your session.",
        ),
        (
            "paragraph",
            "The “Leave a Reply” form asks for your name, your email address, your website if "
            "you have one, and your words. Once I have read a response, its name, website and "
            "words are published; your email address never is. With a response the site also "
            "keeps your IP address and browser details for a while, to tell people from spam "
            "robots.",
        ),
        (
            "paragraph",
            "The site sets no tracking or advertising cookies. When you start filling in a "
            "form, it sets one cookie that protects the form from being sent by another site.",
        ),
        ("heading", "How it is kept"),
        (
            "paragraph",
            "Your email address, your IP address and browser details, and everything in an "
            "appointment request are stored encrypted. When you send something, I get an email "
            "saying that it arrived, with a link to read it on the site: the email itself "
            "carries no name, no message and no phone number.",
        ),
        ("heading", "Who else sees it"),
        (
            "paragraph",
            "Appointment requests are never sent to anyone else: no spam filter, no mailing "
            "list, no advertiser. When this site uses Akismet to filter spam from responses, "
            "the reply form says so; Akismet then sees the response, with its email and IP "
            "addresses.",
        ),
        ("heading", "How long it is kept"),
        (
            "paragraph",
            "What you send is deleted on a schedule; the table below gives each period. A "
            "published response stays until you ask me to remove it.",
        ),
        ("heading", "A copy of your data, or deleting it"),
        (
            "paragraph",
            f'Write to me at <a href="mailto:{PRACTICE["email"]}">{PRACTICE["email"]}</a> from '
            "the address you used, and I will send you a copy of everything the site holds "
            "about you, or delete all of it, published responses included.",
        ),
    ],
}
