"""Operations: error reports without personal data (``sentry``), JSON logs (``structuur``) with the request id
(``request_id``) and the Celery task id (``celery_context``)."""
