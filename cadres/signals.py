from django.dispatch import Signal

# Sent by cadres.import_jobs (keyword import_id) when a stored import waits for
# the worker; cadres.tasks answers by queueing it after commit, so the tasks
# import the services and the services never import the tasks.
import_queued = Signal()
