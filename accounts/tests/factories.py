import factory
from django.contrib.auth.models import Group

from accounts.models import Agency, User
from core.roles import Role


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    kind = Agency.Kind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.django.Password("matkhau-demo-2025")

    @factory.post_generation
    def roles(self, create, extracted: list[Role] | None, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=str(role))[0])
        self.__dict__.pop("roles", None)  # forget the cached role set
