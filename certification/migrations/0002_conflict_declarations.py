from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0001_standard'),
        ('producers', '0003_membership_history_in_activity_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ConflictDeclaration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('none', 'no conflict of interest'), ('conflict', 'conflict of interest')], max_length=10, verbose_name='declaration')),
                ('details', models.TextField(blank=True, verbose_name='details')),
                ('declared_on', models.DateField(verbose_name='declared on')),
                ('valid_until', models.DateField(verbose_name='valid until')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflict_declarations', to='producers.organization', verbose_name='organization')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflict_declarations', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'conflict-of-interest declaration',
                'verbose_name_plural': 'conflict-of-interest declarations',
                'ordering': ['-declared_on', '-created_at', '-id'],
                'indexes': [models.Index(fields=['person', 'organization', '-declared_on'], name='certificati_person__61f605_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('outcome', 'none'), models.Q(('details', ''), _negated=True), _connector='OR'), name='conflict_declared_with_details'), models.CheckConstraint(condition=models.Q(('valid_until__gte', models.F('declared_on'))), name='conflict_declaration_dates_in_order')],
            },
        ),
    ]
