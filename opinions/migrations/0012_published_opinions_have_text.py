from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opinions", "0011_publication_review"),
    ]

    operations = [
        migrations.AddIndex(
            model_name='opinion',
            index=models.Index(condition=models.Q(('deleted_at__isnull', True), ('publication', 'approved'), ('status', 'registered')), fields=['process', 'recorded_at'], name='opinion_published_idx'),
        ),
        migrations.AddConstraint(
            model_name='opinion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('publication', 'approved'), _negated=True), models.Q(('consent_to_publish', True), models.Q(('published_text', ''), _negated=True)), _connector='OR'), name='opinion_approved_has_consent_and_text'),
        ),
    ]
