#include "ingest/remote_file_system.h"

#include <sys/statfs.h>

namespace cortex::ingest {

QString remoteFileSystemName(uint64_t fileSystemType)
{
    switch (fileSystemType) {
    case 0x6969:
        return QStringLiteral("NFS");
    case 0x517B:
        return QStringLiteral("SMB");
    case 0xFF534D42:
        return QStringLiteral("CIFS");
    case 0xFE534D42:
        return QStringLiteral("SMB2");
    case 0x65735546:
        return QStringLiteral("FUSE");
    case 0x01021997:
        return QStringLiteral("9p");
    case 0x00C36400:
        return QStringLiteral("Ceph");
    case 0x5346414F:
    case 0x6B414653: // the kernel's own AFS client
        return QStringLiteral("AFS");
    case 0x73757245:
        return QStringLiteral("Coda");
    case 0x564C:
        return QStringLiteral("NCP");
    case 0x0BD00BD0:
        return QStringLiteral("Lustre");
    case 0x47504653:
        return QStringLiteral("GPFS");
    case 0x01161970:
        return QStringLiteral("GFS2");
    case 0x7461636F:
        return QStringLiteral("OCFS2");
    case 0x786F4256:
        return QStringLiteral("VirtualBox shared folder");
    default:
        return {};
    }
}

std::optional<uint64_t> fileSystemTypeOf(const std::string &path)
{
    struct statfs fs {};
    if (::statfs(path.c_str(), &fs) != 0)
        return std::nullopt;
    // f_type is a signed word on some ABIs: the magic numbers are 32-bit patterns.
    return static_cast<uint64_t>(static_cast<uint32_t>(fs.f_type));
}

} // namespace cortex::ingest
