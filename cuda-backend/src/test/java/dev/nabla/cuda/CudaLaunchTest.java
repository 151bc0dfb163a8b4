package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Launch geometry, computed without a GPU. */
class CudaLaunchTest {
    @Test
    void gridStrideLaunchesCoverSmallCountsExactlyAndCapLargeOnesAtResidentBlocks() {
        assertEquals(1, CudaLaunch.blocks(1, 256, 132));
        assertEquals(1, CudaLaunch.blocks(256, 256, 132));
        assertEquals(2, CudaLaunch.blocks(257, 256, 132));
        assertEquals(132 * CudaLaunch.BLOCKS_PER_SM, CudaLaunch.blocks(1L << 31, 256, 132));  // H100 SXM: 132 SMs
        assertEquals(CudaLaunch.BLOCKS_PER_SM, CudaLaunch.blocks(1 << 20, 256, 0));  // unknown SM count: still launches
        assertEquals(1, CudaLaunch.blocks(0, 256, 132));
    }

    @Test
    void rowBlocksHoldBlockOverLanesRowsEach() {
        assertEquals(1, CudaLaunch.rowBlocks(1, 1, 256, 108));
        assertEquals(1, CudaLaunch.rowBlocks(256, 1, 256, 108));
        assertEquals(4, CudaLaunch.rowBlocks(1000, 1, 256, 108));
        assertEquals(500, CudaLaunch.rowBlocks(500, 256, 256, 108));
        assertEquals(108 * CudaLaunch.BLOCKS_PER_SM, CudaLaunch.rowBlocks(100_000, 256, 256, 108));
    }
}
