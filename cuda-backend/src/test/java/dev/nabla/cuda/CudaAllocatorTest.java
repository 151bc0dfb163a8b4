package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.backend.MemoryStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caching allocator's size classes, reuse, out-of-memory retry and statistics, on fake device memory. */
class CudaAllocatorTest {
    /** Device memory of a fixed capacity that records every driver call. */
    static final class FakeMemory implements CudaAllocator.Memory<long[]> {
        final long capacity;
        long used;
        final List<String> calls = new ArrayList<>();

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long[] allocate(long bytes) {
            calls.add("alloc " + bytes);
            if (used + bytes > capacity) {
                return null;
            }
            used += bytes;
            return new long[] {bytes};
        }

        @Override
        public void free(long[] block) {
            calls.add("free " + block[0]);
            used -= block[0];
        }
    }

    @Test
    void sizeClassesArePowersOfTwoUpToOneMibThenMultiplesOfTwoMib() {
        assertEquals(512, CudaAllocator.sizeClass(0));
        assertEquals(512, CudaAllocator.sizeClass(1));
        assertEquals(512, CudaAllocator.sizeClass(512));
        assertEquals(1024, CudaAllocator.sizeClass(513));
        assertEquals(4096, CudaAllocator.sizeClass(4000));
        assertEquals(1 << 20, CudaAllocator.sizeClass(1 << 20));
        assertEquals(2 << 20, CudaAllocator.sizeClass((1 << 20) + 1));
        assertEquals(4 << 20, CudaAllocator.sizeClass((2 << 20) + 1));
        assertEquals(6L << 30, CudaAllocator.sizeClass((6L << 30) - 5));
    }

    @Test
    void aReleasedBlockIsReusedForTheSameClassWithoutCallingTheDriver() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CudaAllocator<long[]> allocator = new CudaAllocator<>(memory);
        long[] first = allocator.acquire(3000);
        allocator.release(first, 3000);
        assertSame(first, allocator.acquire(4096));  // same class (4096)
        long[] other = allocator.acquire(5000);  // class 8192: a new block
        assertNotSame(first, other);
        assertEquals(List.of("alloc 4096", "alloc 8192"), memory.calls);
    }

    @Test
    void statsCountRequestedBytesInUseWholeBlocksCachedAndThePeak() {
        CudaAllocator<long[]> allocator = new CudaAllocator<>(new FakeMemory(1 << 30));
        long[] a = allocator.acquire(1000);
        long[] b = allocator.acquire(3 << 20);
        assertEquals(new MemoryStats(1000 + (3 << 20), 0, 1000 + (3 << 20), 2), allocator.stats());
        allocator.release(b, 3 << 20);
        assertEquals(new MemoryStats(1000, 4 << 20, 1000 + (3 << 20), 1), allocator.stats());
        allocator.release(a, 1000);
        assertEquals(new MemoryStats(0, (4 << 20) + 1024, 1000 + (3 << 20), 0), allocator.stats());
        allocator.trim();
        assertEquals(new MemoryStats(0, 0, 1000 + (3 << 20), 0), allocator.stats());
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
        FakeMemory memory = new FakeMemory(8 << 20);
        CudaAllocator<long[]> allocator = new CudaAllocator<>(memory);
        allocator.release(allocator.acquire(4 << 20), 4 << 20);  // 4 MiB cached
        allocator.release(allocator.acquire(2 << 20), 2 << 20);  // 2 MiB cached: 6 of 8 MiB held
        long[] big = allocator.acquire(6 << 20);
        assertEquals(6L << 20, big[0]);
        assertEquals(List.of("alloc 4194304", "alloc 2097152", "alloc 6291456"), memory.calls.subList(0, 3));
        assertEquals(Set.of("free 4194304", "free 2097152"), Set.copyOf(memory.calls.subList(3, 5)));
        assertEquals(List.of("alloc 6291456"), memory.calls.subList(5, memory.calls.size()));
        assertEquals(0, allocator.stats().cached());
        assertNull(allocator.acquire(4 << 20), "still out of memory after the retry: the caller reports it");
        assertEquals(new MemoryStats(6 << 20, 0, 6 << 20, 1), allocator.stats());
    }
}
