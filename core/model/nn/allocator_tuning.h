#pragma once
// How the C allocator treats the large activations of a CPU forward pass.

namespace cortex::model {

// Keeps the memory of the activations that every layer allocates and frees (tens of MB each for a page
// image) in the heap for reuse, instead of mapping fresh pages from the kernel each time. glibc maps
// every block above its mmap threshold (dynamic, at most 32 MiB) and unmaps it on free, so each layer's
// blocks were page-faulted in again. Measured on a 1280x990 page image (2B-shaped model, bfloat16,
// 2 threads, docs/BENCHMARKS.md): 45.4 s wall, 84 s user and 4.5 s system before; 37.8 s, 75 s and
// 0.2 s after, peak 4.9 GiB both times. Called after the weights are loaded; applies once per
// process; a no-op without glibc.
void keepActivationMemory();

// Returns the heap's free pages to the kernel, holes between live blocks included (glibc's
// malloc_trim). For after a load that freed much scattered memory: int8 quantisation frees every
// layer's bfloat16 weights and its scratch between the packed weights, 1.5 GiB of 2B held as holes
// otherwise. A no-op without glibc.
void releaseFreeMemory();

} // namespace cortex::model
