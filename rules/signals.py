from django.dispatch import Signal

# Sent by the services (keyword run_id) when a run waits for execution.
# rules.tasks answers by queueing it after commit, so the tasks import
# the services and the services never import the tasks.
run_queued = Signal()
