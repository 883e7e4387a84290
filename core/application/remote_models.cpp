#include "application/remote_models.h"

#include "embedding/space_fingerprint.h"
#include "store/library_db.h"
#include "store/meta_keys.h"

#include <optional>

namespace cortex::application {
namespace {

struct RecordedModel {
    std::optional<store::SpaceIdentity> space; // the active space, if any
    std::optional<std::string> fingerprint;    // "modelHash\nencoded", if recorded
};

Result<RecordedModel> readRecord(library::Library &library)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    auto spaces = (*reader)->spaces();
    if (!spaces)
        return spaces.error();
    RecordedModel out;
    for (const auto &space : *spaces)
        if (space.state == store::SpaceState::Active)
            out.space = space.identity;
    auto stored = (*reader)->meta(store::kModelFingerprintKey);
    if (!stored)
        return stored.error();
    out.fingerprint = *stored;
    return out;
}

// The fingerprint recorded for `modelHash`, or nullopt when the record is another model's or absent.
std::optional<std::string> fingerprintOf(const RecordedModel &record, const std::string &modelHash)
{
    if (!record.fingerprint)
        return std::nullopt;
    const std::string prefix = modelHash + "\n";
    if (record.fingerprint->rfind(prefix, 0) != 0)
        return std::nullopt;
    return record.fingerprint->substr(prefix.size());
}

Status writeFingerprint(library::Library &library, const std::string &modelHash,
                        const embedding::Fingerprint &fingerprint)
{
    const std::string value = modelHash + "\n" + embedding::encodeFingerprint(fingerprint);
    return library.write(
        [&](store::LibraryDb &db) { return db.setMeta(store::kModelFingerprintKey, value); });
}

} // namespace

Status recordModelFingerprint(library::Library &library, embedding::Encoder &encoder)
{
    auto record = readRecord(library);
    if (!record)
        return record.error();
    const store::SpaceIdentity &model = encoder.identity();
    if (record->space && !(*record->space == model))
        return {}; // another model's library: refused elsewhere, never recorded here
    if (fingerprintOf(*record, model.modelHash))
        return {};
    auto fingerprint = embedding::computeFingerprint(encoder);
    if (!fingerprint)
        return fingerprint.error();
    return writeFingerprint(library, model.modelHash, *fingerprint);
}

Status joinLibrary(library::Library &library, remote::RemoteEncoder &encoder)
{
    auto record = readRecord(library);
    if (!record)
        return record.error();
    const std::string libraryName = library.directory().string();
    if (!record->space) {
        // A new library: the served model's own identity becomes its space's.
        if (fingerprintOf(*record, encoder.identity().modelHash))
            return {};
        return writeFingerprint(library, encoder.identity().modelHash, encoder.fingerprint());
    }
    // Never admitted by its name alone: two servers can serve other weights under one name and revision.
    const store::SpaceIdentity &space = *record->space;
    const auto text = fingerprintOf(*record, space.modelHash);
    if (!text)
        return makeError(libraryName + " has no recorded fingerprint of its model " + space.modelName +
                             ", so a model served at " + encoder.endpoint().url.toStdString() +
                             " cannot be checked against it; load the library's model on this computer once "
                             "(any search with --model DIR records it), then use the server",
                         ErrorKind::InvalidInput);
    auto recorded = embedding::decodeFingerprint(*text);
    if (!recorded)
        return wrapError(recorded.error(), libraryName + ": ");
    return encoder.joinLibrarySpace(libraryName, space, *recorded);
}

Result<bool> adoptServedSpace(library::Library &library, std::unique_ptr<embedding::Encoder> &encoder)
{
    auto record = readRecord(library);
    if (!record)
        return record.error();
    if (!record->space || record->space->modelHash.rfind(remote::kServedModelHashPrefix, 0) != 0)
        return false;
    const auto text = fingerprintOf(*record, record->space->modelHash);
    if (!text)
        return false;
    auto recorded = embedding::decodeFingerprint(*text);
    if (!recorded)
        return wrapError(recorded.error(), library.directory().string() + ": ");
    auto probe = embedding::computeFingerprint(*encoder);
    if (!probe)
        return probe.error();
    auto joined = embedding::spaceByFingerprint(library.directory().string(), *record->space, *recorded,
                                                encoder->identity(), *probe);
    if (!joined)
        return false;
    encoder = std::make_unique<embedding::SpaceAlias>(std::move(encoder), std::move(joined).value());
    return true;
}

} // namespace cortex::application
