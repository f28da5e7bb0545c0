"""Each conversation is with one family member (docs/adr/0006).

Existing conversations go to the family member who started them or first wrote in them. One the
school started that nobody in the family has answered was sent to the whole family: each family
member with an account gets their own copy, so nobody loses a message and no reply is shared."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FAMILY_ROLES = ("parent", "young_person")


def _family_members(apps, pupil_id):
    ParentLink = apps.get_model("pupils", "ParentLink")
    User = apps.get_model("accounts", "User")
    links = ParentLink.objects.filter(pupil_id=pupil_id, has_parental_responsibility=True, ended_at__isnull=True).order_by("pk")
    members = [link.parent_id for link in links]
    members += list(User.objects.filter(own_pupil_record_id=pupil_id, role="young_person").values_list("pk", flat=True))
    return list(dict.fromkeys(members))


def assign_family_members(apps, schema_editor):
    MessageThread = apps.get_model("family", "MessageThread")
    Message = apps.get_model("family", "Message")
    for thread in MessageThread.objects.filter(family_member__isnull=True).select_related("started_by").order_by("pk"):
        member_id = None
        if thread.started_by_id and thread.started_by.role in FAMILY_ROLES:
            member_id = thread.started_by_id
        else:
            first = Message.objects.filter(thread=thread, from_family=True, author__isnull=False).order_by("sent_at", "pk").first()
            member_id = first.author_id if first else None
        if member_id is not None:
            MessageThread.objects.filter(pk=thread.pk).update(family_member_id=member_id)
            continue
        members = _family_members(apps, thread.pupil_id)
        if not members:
            continue  # nobody in the family has an account: the school keeps it with the record
        MessageThread.objects.filter(pk=thread.pk).update(family_member_id=members[0])
        messages = list(Message.objects.filter(thread=thread).order_by("sent_at", "pk"))
        for member_id in members[1:]:
            copy = MessageThread.objects.create(pupil_id=thread.pupil_id, family_member_id=member_id, subject=thread.subject,
                                                started_by_id=thread.started_by_id)
            MessageThread.objects.filter(pk=copy.pk).update(created_at=thread.created_at)
            for message in messages:
                new = Message.objects.create(thread=copy, author_id=message.author_id, body=message.body, from_family=message.from_family,
                                             read_by_school_at=message.read_by_school_at, read_by_family_at=message.read_by_family_at)
                Message.objects.filter(pk=new.pk).update(sent_at=message.sent_at)


class Migration(migrations.Migration):

    dependencies = [
        ('family', '0001_initial'),
        ('pupils', '0001_initial'),
        ('accounts', '0002_user_own_pupil_record_alter_user_role_logincode'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='messagethread',
            name='family_member',
            field=models.ForeignKey(blank=True, help_text='The parent, carer or young person this conversation is with. Only they, of the family, see it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='family_message_threads', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(assign_family_members, migrations.RunPython.noop),
    ]
