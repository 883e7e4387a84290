#pragma once
// Which of Cortex's document types a file is. The extension decides when Cortex knows it; a file
// without a known extension is recognised by its first bytes (PDF, PNG, JPEG, GIF, WebP, BMP, TIFF,
// an OpenDocument text), so that "scan_0001" from a scanner still gets in.
//
// Nothing here opens a file that is not a regular file (a named pipe would block open() forever), and
// images are decoded only by the format their first bytes show, from an allow-list: Qt's plugins for
// other formats are never reached that way. SVG is a type of its own, known only by the name .svg and
// rendered after sanitising (svg_extractor.h); an SVG under an image name is refused as what it is.

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QString>

#include <optional>

namespace cortex::ingest {

// The document type of a file from its extension and, where cheap, its magic bytes: "text", "markdown",
// "pdf", "image", "svg", "docx", "pptx", "odt", "html", "video" (by name only: .mp4 .m4v .mkv .webm .mov
// .avi); std::nullopt for types Cortex does not ingest.
std::optional<QString> detectFileType(const QString &path);

// The type from the file name alone (no I/O): what detectFileType answers for a file with a known
// extension, std::nullopt otherwise.
std::optional<QString> fileTypeFromName(const QString &fileName);

// How many leading bytes the content checks below look at.
inline constexpr qsizetype kContentSniffBytes = 1024;

// The Qt image format ("png", "jpeg", "gif", "bmp", "webp", "tiff") that the leading bytes show, or
// std::nullopt when they show none of the formats Cortex decodes, whatever the file is called.
std::optional<QByteArray> imageFormatFromContent(QByteArrayView head);

// A short name of what the leading bytes look like, for messages: "SVG", "HTML", "XML", "PDF",
// "a ZIP archive", "text", "empty", or "unknown binary data".
QString describeContent(QByteArrayView head);

// Why `type` cannot be read from a file that starts with `head` (its magic bytes show something else),
// or an empty string when they fit ("text" and "markdown" fit anything).
QString contentMismatch(const QString &type, QByteArrayView head);

// A short name for a file of a type Cortex does not ingest, for "x.mp3: unsupported type (MP3)": the
// extension in capitals, or what the content looks like when there is no extension.
QString unsupportedTypeName(const QString &path);

// Why `path` is not something Cortex can read as a file, from stat(): "the file does not exist (...)",
// "this is a named pipe (FIFO), not a regular file", "this is a socket, ...",
// "this is a character device, ...", "this is a folder, not a file". An empty string for a regular file (a
// symbolic link counts as what it points to).
QString notRegularFileReason(const QString &path);

// Opens `file` (its fileName() set) read-only when it is a regular file: opened without blocking
// (O_NONBLOCK) and checked again with fstat after opening, so that a file swapped for a named pipe
// between a check and the open is refused rather than waited on. False with `reason` set otherwise.
bool openRegularFile(QFile &file, QString *reason);

// The first `count` bytes of a regular file, opened by openRegularFile. std::nullopt (with `reason`
// set) when it cannot be read.
std::optional<QByteArray> readHead(const QString &path, qsizetype count, QString *reason = nullptr);

} // namespace cortex::ingest
