#pragma once
// Which of Cortex's document types a file is. The extension decides when Cortex knows it; a file
// without a known extension is recognised by its first bytes (PDF, PNG, JPEG, GIF, WebP, BMP, TIFF,
// an OpenDocument text), so that "scan_0001" from a scanner still gets in.

#include <QString>

#include <optional>

namespace cortex::ingest {

// The document type of a file from its extension and, where cheap, its magic bytes: "text", "markdown",
// "pdf", "image", "docx", "pptx", "odt", "html"; std::nullopt for types Cortex does not ingest.
std::optional<QString> detectFileType(const QString &path);

// The type from the file name alone (no I/O): what detectFileType answers for a file with a known
// extension, std::nullopt otherwise.
std::optional<QString> fileTypeFromName(const QString &fileName);

} // namespace cortex::ingest
