from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dialogues', '0006_texts_in_english'),
    ]

    operations = [
        migrations.AddField(
            model_name='process',
            name='contact_name',
            field=models.CharField(blank=True, max_length=120, verbose_name='contact person'),
        ),
        migrations.AddField(
            model_name='process',
            name='contact_role',
            field=models.CharField(blank=True, help_text='For example: growth strategist, staff support of the drafting committee.', max_length=120, verbose_name="contact's role"),
        ),
        migrations.AddField(
            model_name='process',
            name='contact_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact's e-mail"),
        ),
        migrations.AddField(
            model_name='process',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name="contact's phone"),
        ),
    ]
