// cortex-bench-video FILE: how long the official sampling of a video file takes to decode, and the
// memory it needs. Opens FILE (header and first frame), then asks for the frames of the official plan
// (core/model/video: 1 fps, at most 64 frames) and of plans with fewer frames, each through a fresh
// decoder, handing every frame to a sink that keeps nothing, and prints the time of each and the
// process's peak resident memory. Decoding time grows with the frames asked for, not with the length
// of the video; memory stays at about one frame.

#include "model/video/video_sampling.h"
#include "video/video_decoder.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <vector>

using namespace cortex;

namespace {

double peakResidentMegabytes()
{
    rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: cortex-bench-video FILE\n");
        return 2;
    }
    const std::filesystem::path file = argv[1];
    auto start = std::chrono::steady_clock::now();
    auto opened = video::VideoDecoder::open(file);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return 1;
    }
    const auto info = (*opened)->info();
    std::printf("%s: %s, %s, %dx%d as shown (rotation %d), %.3f s, %.3f fps, %lld frames; opened in %.3f s\n",
                file.string().c_str(), info.container.c_str(), info.codec.c_str(), info.width, info.height,
                info.rotation, info.durationSeconds, info.averageFps, static_cast<long long>(info.frameCount),
                secondsSince(start));
    opened->reset();

    for (const int64_t maxFrames : {8, 16, 32, 64}) {
        model::VideoSamplingOptions options;
        options.maxFrames = maxFrames;
        auto plan = model::planVideoSampling(info.frameCount, info.averageFps, info.height, info.width,
                                             options, file.string());
        if (!plan) {
            std::fprintf(stderr, "%s\n", plan.error().message.c_str());
            return 1;
        }
        start = std::chrono::steady_clock::now();
        auto decoder = video::VideoDecoder::open(file);
        if (!decoder) {
            std::fprintf(stderr, "%s\n", decoder.error().message.c_str());
            return 1;
        }
        int64_t frames = 0;
        auto status = (*decoder)->forEachFrameAt(plan->frameSeconds, [&](video::DecodedFrame &&) -> Status {
            ++frames;
            return {};
        });
        if (!status) {
            std::fprintf(stderr, "%s\n", status.error().message.c_str());
            return 1;
        }
        const double seconds = secondsSince(start);
        std::printf("max %3lld frames: %3lld frames decoded at the plan's times in %.3f s (%.1f ms a frame); "
                    "each resized to %lldx%lld, %lld video tokens\n",
                    static_cast<long long>(maxFrames), static_cast<long long>(frames), seconds,
                    frames > 0 ? seconds * 1000.0 / static_cast<double>(frames) : 0.0,
                    static_cast<long long>(plan->frameSize.width),
                    static_cast<long long>(plan->frameSize.height),
                    static_cast<long long>(plan->videoTokens));
    }
    std::printf("peak resident memory of the process: %.1f MB\n", peakResidentMegabytes());
    return 0;
}
