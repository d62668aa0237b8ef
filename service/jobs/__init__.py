"""Background jobs: one per uploaded call, run by an in-process worker or by Celery workers.

    queued → transcribing → extracting → proposing → done
                                    (any stage) ↘ failed   (retry through the API: → queued)

Each stage's result is saved before the next starts, so a job resumed after a crash (its worker
killed, the machine restarted) redoes only the unfinished stage; the last stage writes the
suggestions and marks the job done in one transaction, so running it twice adds nothing twice.
"""
