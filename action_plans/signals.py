"""Hooks through which other apps follow the reporting without action plans importing them (the
arrows point to action plans, never back: docs/architecture.md). The review app answers them:
plausibility flags on saved progress and values, the checks before a submission may be handed in
or accepted, the yearly snapshots when a cycle closes.

Each is sent inside the service's transaction; a receiver that raises (a ValidationError) refuses
the step and rolls it back.
"""

from django.dispatch import Signal

# update=ProgressUpdate, actor=User
progress_saved = Signal()
# value=IndicatorValue, actor=User
indicator_value_saved = Signal()
# submission=Submission (locked), actor=User: raise ValidationError to refuse
submission_submitting = Signal()
submission_accepting = Signal()
# cycle=ReportingCycle (just closed), actor=User
cycle_closed = Signal()
