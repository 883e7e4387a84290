// Embedding spaces: one per exact identity of what produced the vectors (model, weights, dimension,
// dtype, instruction), with a generation that counts committed changes of its vectors.

#include "store/library_db_impl.h"

namespace cortex::store {

namespace {

constexpr const char *kSpaceColumns =
    "s.id, s.model_name, s.model_hash, s.output_dim, s.mrl_dim, s.dtype, s.instruction, s.normalized, "
    "s.state, s.encoding, s.generation, s.created_at, "
    "(SELECT COUNT(*) FROM vectors v WHERE v.space_id = s.id)";

SpaceInfo readSpace(const Statement &st)
{
    SpaceInfo s;
    s.id = st.int64(0);
    s.identity.modelName = st.text(1);
    s.identity.modelHash = st.text(2);
    s.identity.outputDim = int(st.int64(3));
    s.identity.mrlDim = int(st.int64(4));
    s.identity.dtype = st.text(5);
    s.identity.instruction = st.text(6);
    s.identity.normalized = st.int64(7) != 0;
    s.state = spaceStateFromString(st.text(8)).value_or(SpaceState::Retired);
    s.encoding = vectorEncodingFromString(st.text(9)).value_or(VectorEncoding::Float32);
    s.generation = uint64_t(st.int64(10));
    s.createdAt = st.int64(11);
    s.vectorCount = st.int64(12);
    return s;
}

std::string describe(const SpaceIdentity &id)
{
    return id.modelName + " (" + std::to_string(id.storedDim()) + " dimensions, " + id.dtype + ")";
}

} // namespace

Result<VectorLayout> vectorLayout(const Action &action, int64_t spaceId)
{
    auto st = action.prepare("SELECT output_dim, mrl_dim, encoding FROM spaces WHERE id = ?1", spaceId);
    if (!st)
        return st.error();
    auto row = action.fetch(*st);
    if (!row)
        return row.error();
    if (!*row)
        return action.fail("no embedding space has id " + std::to_string(spaceId));
    VectorLayout layout;
    const int64_t mrlDim = st->int64(1);
    layout.dim = int(mrlDim > 0 ? mrlDim : st->int64(0));
    layout.encoding = vectorEncodingFromString(st->text(2)).value_or(VectorEncoding::Float32);
    return layout;
}

Result<std::vector<int64_t>> spacesWithVectorsOf(const Action &action, int64_t contentId)
{
    auto spaces = action.prepare("SELECT DISTINCT v.space_id FROM items i JOIN vectors v ON v.item_id = i.id "
                                 "WHERE i.content_id = ?1",
                                 contentId);
    if (!spaces)
        return spaces.error();
    return action.ids(*spaces);
}

Status bumpGenerations(const Action &action, const std::vector<int64_t> &spaceIds)
{
    for (const int64_t id : spaceIds)
        if (auto s = action.run("UPDATE spaces SET generation = generation + 1 WHERE id = ?1", id); !s)
            return s;
    return {};
}

Result<int64_t> LibraryDb::ensureSpace(const SpaceIdentity &identity, VectorEncoding encoding,
                                       SpaceState initialState)
{
    const Action action(*impl_->db, "create the embedding space for " + describe(identity));
    if (identity.outputDim <= 0 || identity.outputDim > kMaxVectorDim)
        return action.fail("the output dimension must be within 1.." + std::to_string(kMaxVectorDim) +
                           ", not " + std::to_string(identity.outputDim));
    if (identity.mrlDim < 0 || identity.mrlDim > identity.outputDim)
        return action.fail("the Matryoshka dimension " + std::to_string(identity.mrlDim) + " is outside 0.." +
                           std::to_string(identity.outputDim));

    int64_t id = 0;
    Status done = action.transaction([&]() -> Status {
        // The same space whatever dtype made it (SpaceIdentity::operator==): the active one first. It
        // keeps its own encoding, state and recorded dtype (its vectors are already stored that way).
        auto same =
            action.queryInt("SELECT id FROM spaces WHERE model_name = ?1 AND model_hash = ?2 AND "
                            "output_dim = ?3 AND mrl_dim = ?4 AND instruction = ?5 AND normalized = ?6 "
                            "ORDER BY state = 'active' DESC, state = 'building' DESC, id LIMIT 1",
                            identity.modelName, identity.modelHash, identity.outputDim, identity.mrlDim,
                            identity.instruction, int(identity.normalized));
        if (!same)
            return same.error();
        if (*same) {
            id = **same;
            return {};
        }
        auto insert = action.run(
            "INSERT INTO spaces (model_name, model_hash, output_dim, mrl_dim, dtype, instruction, "
            "normalized, "
            "state, encoding, generation, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10) "
            "ON CONFLICT DO NOTHING",
            identity.modelName, identity.modelHash, identity.outputDim, identity.mrlDim, identity.dtype,
            identity.instruction, int(identity.normalized), toString(initialState), toString(encoding),
            nowSeconds());
        if (!insert)
            return insert;
        auto found =
            action.queryInt("SELECT id FROM spaces WHERE model_name = ?1 AND model_hash = ?2 AND "
                            "output_dim = ?3 AND mrl_dim = ?4 AND dtype = ?5 AND instruction = ?6 AND "
                            "normalized = ?7",
                            identity.modelName, identity.modelHash, identity.outputDim, identity.mrlDim,
                            identity.dtype, identity.instruction, int(identity.normalized));
        if (!found)
            return found.error();
        if (!*found)
            return action.fail("the space vanished after it was inserted");
        id = **found;
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

Result<std::vector<SpaceInfo>> LibraryDb::spaces()
{
    const Action action(*impl_->db, "list the embedding spaces");
    auto st = action.prepare(std::string("SELECT ") + kSpaceColumns + " FROM spaces s ORDER BY s.id");
    if (!st)
        return st.error();
    std::vector<SpaceInfo> result;
    if (auto s = action.forEachRow(*st, [&](const Statement &row) { result.push_back(readSpace(row)); }); !s)
        return s.error();
    return result;
}

Result<SpaceInfo> LibraryDb::space(int64_t spaceId)
{
    const Action action(*impl_->db, "read embedding space " + std::to_string(spaceId));
    auto st =
        action.prepare(std::string("SELECT ") + kSpaceColumns + " FROM spaces s WHERE s.id = ?1", spaceId);
    if (!st)
        return st.error();
    auto row = action.fetch(*st);
    if (!row)
        return row.error();
    if (!*row)
        return action.fail("no such space");
    return readSpace(*st);
}

Status LibraryDb::setSpaceState(int64_t spaceId, SpaceState state)
{
    const Action action(*impl_->db, "mark embedding space " + std::to_string(spaceId) + " as " +
                                        std::string(toString(state)));
    if (auto s = action.run("UPDATE spaces SET state = ?2 WHERE id = ?1", spaceId, toString(state)); !s)
        return s;
    if (impl_->db->changes() == 0)
        return action.fail("no such space");
    return {};
}

Status LibraryDb::deleteSpace(int64_t spaceId)
{
    const Action action(*impl_->db, "delete embedding space " + std::to_string(spaceId));
    // The vectors go with it (ON DELETE CASCADE), in the same statement.
    if (auto s = action.run("DELETE FROM spaces WHERE id = ?1", spaceId); !s)
        return s;
    if (impl_->db->changes() == 0)
        return action.fail("no such space");
    return {};
}

} // namespace cortex::store
