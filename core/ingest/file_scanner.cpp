#include "ingest/file_scanner.h"

#include "ingest/extract/file_type.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <vector>

namespace cortex::ingest {

namespace {

std::vector<QRegularExpression> compileGlobs(const QStringList &patterns)
{
    std::vector<QRegularExpression> globs;
    for (const QString &pattern : patterns) {
        if (pattern.isEmpty())
            continue;
        globs.emplace_back(QRegularExpression::wildcardToRegularExpression(pattern),
                           QRegularExpression::CaseInsensitiveOption);
    }
    return globs;
}

bool matchesAny(const std::vector<QRegularExpression> &globs, const QString &name)
{
    for (const QRegularExpression &glob : globs) {
        if (glob.match(name).hasMatch())
            return true;
    }
    return false;
}

class Scanner {
public:
    Scanner(const ScanOptions &options, const std::function<bool()> &cancelled)
        : options_(options), cancelled_(cancelled), include_(compileGlobs(options.includePatterns)),
          exclude_(compileGlobs(options.excludePatterns)),
          skipFolders_(options.skipFolders.begin(), options.skipFolders.end())
    {
    }

    void scanRoot(const QString &path)
    {
        const QFileInfo info(QDir::cleanPath(QDir::current().absoluteFilePath(path)));
        if (info.isSymLink() && !info.exists()) {
            problem(info.absoluteFilePath(),
                    QStringLiteral("broken symbolic link to %1").arg(info.symLinkTarget()));
            return;
        }
        if (!info.exists()) {
            problem(info.absoluteFilePath(), QStringLiteral("the path does not exist"));
            return;
        }
        if (info.isDir()) {
            enterDir(info.absoluteFilePath(), info.canonicalFilePath());
        } else if (!info.isFile()) {
            // A named pipe, socket or device given by name: never opened (open() on a pipe blocks), and
            // reported by the job with what it is.
            namedNotRegular_.append(info.absoluteFilePath());
        } else {
            // Given by hand: only the file name's patterns apply, not the folders above it.
            considerFile(info, info.canonicalFilePath(), true);
        }
    }

    ScanResult finish()
    {
        QStringList files(found_.begin(), found_.end());
        files.sort();
        ScanResult result;
        result.files = files;
        result.problems = problems_;
        result.cancelled = stop_;
        result.namedNotRegular = namedNotRegular_;
        result.unsupported = unsupported_;
        result.unsupportedInFolders = unsupportedInFolders_;
        return result;
    }

private:
    bool stopping()
    {
        if (!stop_ && cancelled_ && cancelled_())
            stop_ = true;
        return stop_;
    }

    void problem(const QString &path, const QString &reason)
    {
        problems_.append(path + QStringLiteral(": ") + reason);
    }

    // `named`: given by the user (an unsupported type is then named in the result, not only counted).
    void considerFile(const QFileInfo &info, const QString &canonical, bool named = false)
    {
        const QString name = info.fileName();
        if (matchesAny(exclude_, name) || (!include_.empty() && !matchesAny(include_, name)))
            return;
        if (canonical.isEmpty())
            return;
        if (!detectFileType(canonical)) {
            if (named)
                unsupported_.append(
                    info.absoluteFilePath() +
                    QStringLiteral(": unsupported type (%1)").arg(unsupportedTypeName(canonical)));
            else
                ++unsupportedInFolders_;
            return;
        }
        found_.insert(canonical);
    }

    // A named pipe, socket or device met in a folder: reported with what it is, never opened.
    void notRegular(const QFileInfo &entry)
    {
        const QString name = entry.fileName();
        if (!include_.empty() && !matchesAny(include_, name))
            return;
        const QString reason = notRegularFileReason(entry.absoluteFilePath());
        problem(entry.absoluteFilePath(),
                (reason.isEmpty() ? QStringLiteral("this is not a regular file") : reason) +
                    QStringLiteral("; not read"));
    }

    // `path` is how the user reaches the folder (for messages), `canonical` where it really is.
    void scanDir(const QString &path, const QString &canonical)
    {
        const QDir dir(path);
        const QFileInfo dirInfo(path);
        if (!dirInfo.isReadable() || !dirInfo.isExecutable()) {
            problem(path, QStringLiteral("the folder cannot be read (permission denied)"));
            return;
        }
        // System: broken symbolic links are listed too, so that they can be reported.
        const QFileInfoList entries = dir.entryInfoList(
            QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
        for (const QFileInfo &entry : entries) {
            if (stopping())
                return;
            if (matchesAny(exclude_, entry.fileName()))
                continue;
            if (entry.isSymLink()) {
                followLink(entry);
                continue;
            }
            const QString entryCanonical = canonical.endsWith(u'/')
                                               ? QString(canonical + entry.fileName())
                                               : QString(canonical + u'/' + entry.fileName());
            if (entry.isDir())
                enterDir(entry.absoluteFilePath(), entryCanonical);
            else if (entry.isFile())
                considerFile(entry, entryCanonical);
            else
                notRegular(entry);
        }
    }

    void followLink(const QFileInfo &link)
    {
        if (!options_.followSymlinks)
            return;
        if (!link.exists()) {
            problem(link.absoluteFilePath(),
                    QStringLiteral("broken symbolic link to %1").arg(link.symLinkTarget()));
            return;
        }
        const QString canonical = link.canonicalFilePath();
        if (link.isDir())
            enterDir(link.absoluteFilePath(), canonical);
        else if (link.isFile())
            considerFile(link, canonical);
        else
            notRegular(link);
    }

    void enterDir(const QString &path, const QString &canonical)
    {
        if (skipFolders_.contains(canonical))
            return;
        if (onStack_.contains(canonical)) {
            // A link back to a folder that contains it: following it would never end.
            if (!reportedLoops_.contains(canonical)) {
                reportedLoops_.insert(canonical);
                problem(
                    path,
                    QStringLiteral("symbolic link loop (it leads back to %1); not followed").arg(canonical));
            }
            return;
        }
        if (visited_.contains(canonical))
            return; // reached before through another link: its files are listed already
        visited_.insert(canonical);
        onStack_.insert(canonical);
        scanDir(path, canonical);
        onStack_.remove(canonical);
    }

    const ScanOptions &options_;
    const std::function<bool()> &cancelled_;
    const std::vector<QRegularExpression> include_;
    const std::vector<QRegularExpression> exclude_;
    const QSet<QString> skipFolders_;
    QSet<QString> found_;
    QSet<QString> visited_;       // canonical folders entered
    QSet<QString> onStack_;       // canonical folders from the root down to the current one
    QSet<QString> reportedLoops_; // so that a loop is reported once
    QStringList problems_;
    QStringList namedNotRegular_;
    QStringList unsupported_;
    int64_t unsupportedInFolders_ = 0;
    bool stop_ = false;
};

} // namespace

ScanResult scanPaths(const QStringList &paths, const ScanOptions &options,
                     const std::function<bool()> &cancelled)
{
    Scanner scanner(options, cancelled);
    for (const QString &path : paths) {
        scanner.scanRoot(path);
        if (cancelled && cancelled())
            break;
    }
    return scanner.finish();
}

} // namespace cortex::ingest
