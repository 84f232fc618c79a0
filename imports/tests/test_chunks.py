"""ImportChunk keeps staged columns as compact bytes and gives back exactly what it was given."""

from hypothesis import given
from hypothesis import strategies as st

from imports.models import ImportChunk

cells = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),  # beyond 8 bytes too: kept as JSON then
    st.booleans(),  # not whole numbers, though Python counts them as ints
    st.none(),
    st.text(max_size=20),
    st.floats(allow_nan=False, allow_infinity=False),
)


@given(st.lists(st.one_of(st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1)), st.lists(cells)), max_size=6))
def test_packed_columns_come_back_as_they_were_with_their_types(columns):
    unpacked = ImportChunk.unpack(ImportChunk.pack(columns))
    assert unpacked == columns
    assert [[type(value) for value in column] for column in unpacked] == [[type(value) for value in column] for column in columns]


def test_whole_number_columns_take_eight_bytes_a_value_before_compression():
    import zlib

    payload = zlib.decompress(ImportChunk.pack([list(range(1000)), ["a"] * 3]))
    assert len(payload) == (8 + 1 + 8 * 1000) + (8 + 1 + len('["a","a","a"]'))
