"""The one service-backed ViewSet of the API.

Reads go through the viewset's selector (scope, then eager loading), writes
through the app's services (which check permission, scope and the write rule
themselves), workflow steps are POST actions generated from the model's
transition table (core.workflow), and every answer is re-read through the
selector so that it carries what the list carries.

    class DocumentViewSet(ServiceViewSet):
        serializer_class = DocumentSerializer
        filterset_class = DocumentFilterSet
        queryset = Document.objects.none()
        selector = staticmethod(selectors.document_list)      # (*, user) -> queryset
        create_service = staticmethod(services.document_create)  # (*, user, **data)
        update_service = staticmethod(services.document_update)  # (*, user, document=..., **data)
        delete_service = staticmethod(services.document_delete)  # (*, user, document=...)
        instance_kwarg = "document"
        workflow_model = None   # a model with a registered transition table: one action per step
        step_inputs = {}        # step name -> serializer of its body (default: step_input, a note; None: no body)
"""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .permissions import StepPermission
from .workflow import effective_moment, transition, workflow_for


class StepInputSerializer(serializers.Serializer):
    """The body every workflow step accepts: the day it took effect."""

    effective_on = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="Ngày bước này có hiệu lực (mặc định hôm nay): không sau hôm nay, không trước bước trước đó. "
                  "Thời điểm ghi nhận được lưu riêng trong nhật ký.")


class NoteSerializer(StepInputSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _step_action(step):
    def handler(self, request, pk=None):
        return self.take_step(request, step)

    handler.__name__ = step.name
    handler.__doc__ = step.help or f"{step.label}."
    return action(detail=True, methods=["post"], url_path=step.url_path)(handler)


_WRITE_SERVICES = {"create": "create_service", "update": "update_service", "partial_update": "update_service",
                   "destroy": "delete_service"}


class ServiceViewSet(viewsets.ModelViewSet):
    permission_classes = [StepPermission]
    selector = None
    create_service = update_service = delete_service = None
    instance_kwarg = ""
    fixed_on_update = ""  # the parent a record keeps for life (an item's program, a finding's inspection)
    workflow_model = None
    step_input = NoteSerializer  # the body of a step, unless step_inputs names another
    step_inputs = {}
    action_permissions = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("workflow_model") is None:
            return
        permissions = dict(cls.action_permissions)
        for step in workflow_for(cls.workflow_model).steps:
            if step.name in cls.__dict__:
                continue  # written by hand
            body = cls.step_inputs.get(step.name, cls.step_input)
            setattr(cls, step.name, extend_schema(request=body, responses={step.status_code: cls.serializer_class})(
                _step_action(step)))
            permissions.setdefault(step.name, [step.perm])
        cls.action_permissions = permissions

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """Route a generic write only when the viewset names its service (or writes
        it by hand): a viewset without `create_service` answers POST on its list
        with 405 and publishes no such operation."""
        if actions:
            actions = {method: name for method, name in actions.items()
                       if not (getattr(cls, name) is getattr(ServiceViewSet, name, None)
                               and getattr(cls, _WRITE_SERVICES.get(name, ""), True) is None)}
        return super().as_view(actions, **initkwargs)

    # --- reads ---------------------------------------------------------------------
    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def output(self, instance, status_code=status.HTTP_200_OK):
        """The answer for `instance`, re-read through the selector."""
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    # --- writes --------------------------------------------------------------------
    def service_kwargs(self, data):
        data = dict(data)
        if self.fixed_on_update and self.action in ("update", "partial_update"):
            data.pop(self.fixed_on_update, None)
        if "effective_on" in data:  # a dated record (a progress report, a request): the day the user gives
            moment = effective_moment(data.pop("effective_on"))
            if moment:
                data["at"] = moment
        return data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = type(self).create_service(user=request.user, **self.service_kwargs(serializer.validated_data))
        return self.output(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        type(self).update_service(user=request.user, **{self.instance_kwarg: instance},
                                  **self.service_kwargs(serializer.validated_data))
        return self.output(instance)

    def destroy(self, request, *args, **kwargs):
        type(self).delete_service(user=request.user, **{self.instance_kwarg: self.get_object()})
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- steps and other actions -----------------------------------------------------
    def body(self, serializer_class):
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return body.validated_data

    def take_step(self, request, step):
        """A workflow step from the table: core.workflow.transition with the validated body."""
        instance = self.get_object()
        body = self.step_inputs.get(step.name, self.step_input)
        data = dict(self.body(body)) if body else {}
        result = transition(instance, step.name, user=request.user, on=data.pop("effective_on", None), **data)
        return self.output(result if isinstance(result, type(instance)) else instance, step.status_code)

    def step(self, request, service, input_serializer=NoteSerializer, status_code=status.HTTP_200_OK, **extra):
        """Run a service that is not a status step (add evidence, receive a report) on the object."""
        instance = self.get_object()
        service(user=request.user, **{self.instance_kwarg: instance}, **self.body(input_serializer), **extra)
        return self.output(instance, status_code)

    def query(self, serializer_class):
        params = serializer_class(data=self.request.query_params, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        return params.validated_data
