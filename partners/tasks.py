"""Thin tasks of the partners app: take ids, re-fetch, call the service."""

from celery import shared_task


@shared_task(
    name="partners.send_partner_invitation",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_partner_invitation(user_id: int) -> bool:
    from partners.invitations import invitation_deliver

    return invitation_deliver(user_id=user_id)
