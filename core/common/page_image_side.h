#pragma once
// The size PDF pages are rendered at to be embedded as images (a page's longer side in pixels), shared by
// the extractors, the jobs and the watched folders' stored choice: 0 is "page images off" (text only).

namespace cortex {

// The sizes offered (the Ingest tab, the watched-folder dialog, cortex-cli --page-images), the range a
// job or a folder accepts, and the standard size (what a folder added before the choice existed has).
inline constexpr int kPageImageSizes[] = {960, 1280, 1600};
inline constexpr int kMinPageImageSide = 256;
inline constexpr int kMaxPageImageSide = 4096;
inline constexpr int kDefaultPageImageSide = 1280;

// 0 (off) or a side within the range.
constexpr bool isPageImageSide(int side)
{
    return side == 0 || (side >= kMinPageImageSide && side <= kMaxPageImageSide);
}

} // namespace cortex
