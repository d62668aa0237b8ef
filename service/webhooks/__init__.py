"""Webhooks: an org's endpoints receive its events as signed JSON, retried until they answer.

signing      `Callplan-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`;
             `verify` is what a receiver runs (it rejects old timestamps: replay-safe)
targets      a receiver's URL is checked: http(s), and no private address unless allowed
service      endpoints (managers only: events carry every deal of the org), the delivery log,
             redelivery; `emit` queues one delivery per subscribed endpoint
events       call.processed, job.failed, plan.published: payloads and the runtime hooks
dispatcher   a thread beside the API that sends due deliveries and schedules retries with
             exponential backoff; the log keeps every attempt's status code
"""
