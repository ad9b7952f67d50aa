"""What the ranked backends share: which index entries a search may find, and results whose
count and slices are each one ranking query over the index entries."""

from django.db.models import BigIntegerField, Exists, IntegerField, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

# Up to this many index entries left out of a search are excluded by id; beyond, the ranking
# query lists the entries of the objects searched instead (a subquery of their ids).
EXCLUDED_MAX = 500


def has_integer_ids(model) -> bool:
    """Whether the model's primary key (through a parent's, for a child model) is an integer:
    its index entries' object ids, its ids as text, can then be read back as numbers."""
    pk = model._meta.pk
    while pk.is_relation:
        pk = pk.target_field
    return isinstance(pk, IntegerField)


class RankedCompiler:
    """A query compiler that knows which index entries its queryset searches. One search's
    results (their count, each slice: modelsearch's clones) share their compiler, so what it
    reads from the database for that it reads once.

    The rows its backend ranks have their index entry's id as primary key (the entry itself,
    or SQLite's FTS5 row of it); `OBJECT_ID` is their lookup of the id of the object indexed."""

    OBJECT_ID: str

    @cached_property
    def searched_entries(self) -> Q:
        """The condition, on the ranked rows, of being the index entry of an object in the
        searched queryset. Listing every such entry makes the database gather thousands of
        ids for each count and slice, where a search mostly leaves out a few objects (drafts,
        expired or private pages): the entries of those are listed instead, by primary key
        (object ids read back as integers), and excluded; past EXCLUDED_MAX of them, the
        entries listed are those of the objects searched."""
        model = self.queryset.model
        if has_integer_ids(model):
            index_entry = get_app_config().get_model("IndexEntry")
            searched = self.queryset.filter(pk=Cast(OuterRef("object_id"), BigIntegerField()))
            excluded = list(
                index_entry.objects.filter(
                    ~Exists(searched),
                    content_type__in=get_descendants_content_types_pks(model),
                ).values_list("pk", flat=True)[: EXCLUDED_MAX + 1]
            )
            if len(excluded) <= EXCLUDED_MAX:
                return ~Q(pk__in=excluded)
        # The index stores ids as text, as modelsearch reads them (TextIDGenericRelation).
        ids = self.queryset.annotate(text_pk=Cast("pk", TextField())).values("text_pk")
        return Q(**{f"{self.OBJECT_ID}__in": ids})


class RankedResults:
    """Search results whose count and slices are each one ranking query (`ranking()`, a
    queryset of index rows annotated with `object_id` and `score`, best first), however
    many objects match, plus, for a slice, the query loading its objects."""

    def ranking(self):
        """The ranked rows; None where the backend's own query is needed."""
        raise NotImplementedError

    def _do_search(self):
        ranking = self.ranking()
        if ranking is None:
            return super()._do_search()
        scores = dict(ranking.values_list("object_id", "score")[self.start : self.stop])
        found = {str(obj.pk): obj for obj in self.query_compiler.queryset.filter(pk__in=scores)}
        hits = [found[object_id] for object_id in scores if object_id in found]
        if self._score_field:
            for hit in hits:
                setattr(hit, self._score_field, scores[str(hit.pk)])
        return hits

    def _do_count(self):
        ranking = self.ranking()
        if ranking is None:
            return super()._do_count()
        return ranking[self.start : self.stop].count()
