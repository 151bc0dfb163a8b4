package dev.nabla.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemHostAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import dev.nabla.backend.BackendUnavailableException;
import dev.nabla.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;

/**
 * One NVIDIA GPU opened through the driver API: its primary context (shared with cuBLAS), one stream
 * that every kernel, copy and cuBLAS call of the backend runs on in order, and a pinned host buffer that
 * transfers are staged through. {@link #open} loads the native libraries, finds the devices and picks
 * one by the {@code nabla.cuda.device} system property (an index, or a substring of the name; default 0),
 * and says precisely why it cannot when something is missing.
 */
final class CudaDevice {
    private static final long STAGING = 8L << 20;
    private static final Pattern MISSING = Pattern.compile("(lib[\\w.+-]+?\\.so[.\\d]*): cannot open shared object file");
    private static String nativeFailure;
    private static boolean nativesTried;

    final CudaModules.Manifest manifest;
    final int ordinal;
    final String name;
    final int capability;
    final long totalMemory;
    final int multiprocessors;
    final int driverVersion;
    final CUcontext context = new CUcontext();
    final CUstream stream = new CUstream();
    private final CUdevice device;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private Pointer staging;
    private ByteBuffer stagingBytes;

    private CudaDevice(CudaModules.Manifest manifest, int ordinal, CUdevice device, int driverVersion) {
        this.manifest = manifest;
        this.ordinal = ordinal;
        this.device = device;
        this.driverVersion = driverVersion;
        this.name = deviceName(device);
        this.capability = attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) * 10
                + attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.multiprocessors = attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        long[] bytes = new long[1];
        CudaErrors.driver("cuDeviceTotalMem", "discovery", () -> cuDeviceTotalMem(bytes, device));
        this.totalMemory = bytes[0];
    }

    /** Loads JCuda's driver and cuBLAS bindings (once per JVM); null when both load, else the reason. */
    static synchronized String loadNatives() {
        if (!nativesTried) {
            nativesTried = true;
            String driver = null;
            try {
                JCudaDriver.setExceptionsEnabled(true);
            } catch (LinkageError e) {
                driver = missing(e, "libcuda.so.1", "no NVIDIA driver");
            }
            String cublas = null;
            try {
                JCublas2.setExceptionsEnabled(true);
            } catch (LinkageError e) {
                cublas = missing(e, "libcublas.so.12", "the cuBLAS 12 runtime is not on the library path");
            }
            nativeFailure = driver == null ? cublas : cublas == null ? driver : driver + "; also " + cublas;
        }
        return nativeFailure;
    }

    /**
     * The reason a native library failed to load: {@code "<lib> not found (<hint>)"} naming the library
     * the dynamic linker could not open (searched for in the whole cause chain), else the first line of
     * the error.
     */
    static String missing(Throwable e, String expected, String hint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = MISSING.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                String lib = m.group(1);
                return lib + " not found" + (lib.startsWith("libJ") ? "" : lib.equals(expected) ? " (" + hint + ")"
                        : " (needed by " + expected + ")");
            }
        }
        String first = String.valueOf(e.getMessage()).strip().split("\n", 2)[0];
        return "cannot load the native binding for " + expected + ": " + e.getClass().getSimpleName() + ": " + first;
    }

    /** Opens the device chosen by {@code nabla.cuda.device}, or throws with the precise reason it cannot. */
    static CudaDevice open() throws BackendUnavailableException {
        String natives = loadNatives();
        if (natives != null) {
            throw new BackendUnavailableException(natives);
        }
        try {
            cuInit(0);
        } catch (jcuda.CudaException e) {
            String error = CudaErrors.errorName(e.getMessage());
            throw new BackendUnavailableException("cuInit failed with " + error
                    + (error.equals("CUDA_ERROR_NO_DEVICE") ? " (the NVIDIA driver sees no GPU)" : ""), e);
        }
        CudaModules.Manifest manifest = CudaModules.Manifest.load();
        if (!manifest.built()) {
            throw new BackendUnavailableException("PTX not built (" + manifest.reason() + ")");
        }
        int[] version = new int[1];
        CudaErrors.driver("cuDriverGetVersion", "discovery", () -> cuDriverGetVersion(version));
        if (version[0] < manifest.driverVersion()) {
            throw new BackendUnavailableException("the NVIDIA driver supports CUDA " + cudaVersion(version[0])
                    + ", but the PTX in this jar (ISA " + manifest.isa() + ") needs a driver for CUDA "
                    + cudaVersion(manifest.driverVersion()) + " or newer (driver >= 580 for CUDA 13.0)");
        }
        List<CudaDevice> devices = list(manifest, version[0]);
        CudaDevice chosen = choose(devices, System.getProperty("nabla.cuda.device"));
        if (chosen.capability < manifest.minCapability()) {
            throw new BackendUnavailableException(chosen.name + " has compute capability " + chosen.capability / 10
                    + "." + chosen.capability % 10 + "; the PTX in this jar (" + manifest.arch() + ") needs "
                    + manifest.minCapability() / 10 + "." + manifest.minCapability() % 10 + " or newer");
        }
        chosen.openContext();
        return chosen;
    }

    private static List<CudaDevice> list(CudaModules.Manifest manifest, int driverVersion)
            throws BackendUnavailableException {
        int[] count = new int[1];
        CudaErrors.driver("cuDeviceGetCount", "discovery", () -> cuDeviceGetCount(count));
        if (count[0] == 0) {
            throw new BackendUnavailableException("no CUDA device found (cuDeviceGetCount returned 0)");
        }
        List<CudaDevice> devices = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            CUdevice d = new CUdevice();
            int ordinal = i;
            CudaErrors.driver("cuDeviceGet", "discovery", () -> cuDeviceGet(d, ordinal));
            devices.add(new CudaDevice(manifest, i, d, driverVersion));
        }
        return devices;
    }

    static CudaDevice choose(List<CudaDevice> devices, String request) throws BackendUnavailableException {
        if (request == null || request.isBlank()) {
            return devices.get(0);
        }
        String r = request.trim();
        if (r.matches("\\d+")) {
            int i = Integer.parseInt(r);
            if (i >= devices.size()) {
                throw new BackendUnavailableException("nabla.cuda.device=" + r + " does not exist; devices: "
                        + describe(devices));
            }
            return devices.get(i);
        }
        return devices.stream().filter(d -> d.name.toLowerCase(Locale.ROOT).contains(r.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new BackendUnavailableException("nabla.cuda.device=" + r
                        + " matches no device; devices: " + describe(devices)));
    }

    private static String describe(List<CudaDevice> devices) {
        return String.join(", ", devices.stream().map(d -> d.ordinal + ": " + d.name).toList());
    }

    static String cudaVersion(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }

    private void openContext() {
        CudaErrors.driver("cuDevicePrimaryCtxRetain", "opening " + name, () -> cuDevicePrimaryCtxRetain(context, device));
        enter();
        CudaErrors.driver("cuStreamCreate", "opening " + name, () -> cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT));
    }

    /** Makes this device's context current on the calling thread (once per thread). */
    void enter() {
        if (!current.get()) {
            CudaErrors.driver("cuCtxSetCurrent", "entering the context of " + name, () -> cuCtxSetCurrent(context));
            current.set(true);
        }
    }

    /** Waits for everything queued on the stream; a kernel's asynchronous failure surfaces here. */
    void synchronize(String op) {
        enter();
        CudaErrors.driver("cuStreamSynchronize", op, () -> cuStreamSynchronize(stream));
    }

    /** Device memory for the caching allocator: null when the device is out of memory. */
    CudaAllocator.Memory<CUdeviceptr> memory() {
        return new CudaAllocator.Memory<>() {
            @Override
            public CUdeviceptr allocate(long bytes) {
                enter();
                CUdeviceptr ptr = new CUdeviceptr();
                try {
                    CudaErrors.driver("cuMemAlloc", "allocate", bytes + " bytes", () -> cuMemAlloc(ptr, bytes));
                } catch (CudaException e) {
                    if (CudaErrors.isOutOfMemory(e)) {
                        return null;
                    }
                    throw e;
                }
                return ptr;
            }

            @Override
            public void free(CUdeviceptr block) {
                synchronize("free");  // cached blocks may still be read by queued work
                CudaErrors.driver("cuMemFree", "free", () -> cuMemFree(block));
            }
        };
    }

    /** Host to device: staged through pinned memory in chunks, so the DMA runs at full speed. */
    synchronized void write(CudaBuffer dst, long dstOffset, Object src, int srcOffset, int length, String op) {
        int size = dst.dtype().byteSize();
        int chunk = (int) (STAGING / size);
        for (int done = 0; done < length; done += chunk) {
            int n = Math.min(chunk, length - done);
            ByteBuffer bytes = staging(op);
            put(bytes, dst.dtype(), src, srcOffset + done, n);
            long at = dstOffset + done;
            CudaErrors.driver("cuMemcpyHtoDAsync", op, () -> cuMemcpyHtoDAsync(dst.at(at), staging, (long) n * size, stream));
            synchronize(op);  // the staging buffer is reused by the next chunk
        }
    }

    /** Device to host, after everything queued before it. */
    synchronized void read(CudaBuffer src, long srcOffset, Object dst, int dstOffset, int length, String op) {
        int size = src.dtype().byteSize();
        int chunk = (int) (STAGING / size);
        if (length == 0) {
            synchronize(op);
        }
        for (int done = 0; done < length; done += chunk) {
            int n = Math.min(chunk, length - done);
            ByteBuffer bytes = staging(op);
            long at = srcOffset + done;
            CudaErrors.driver("cuMemcpyDtoHAsync", op, () -> cuMemcpyDtoHAsync(staging, src.at(at), (long) n * size, stream));
            synchronize(op);
            get(bytes, src.dtype(), dst, dstOffset + done, n);
        }
    }

    private ByteBuffer staging(String op) {
        enter();
        if (staging == null) {
            Pointer p = new Pointer();
            CudaErrors.driver("cuMemHostAlloc", op, STAGING + " bytes of pinned host memory", () -> cuMemHostAlloc(p, STAGING, 0));
            staging = p;
            stagingBytes = p.getByteBuffer(0, STAGING).order(ByteOrder.nativeOrder());
        }
        return stagingBytes.clear();
    }

    private static void put(ByteBuffer b, DType t, Object src, int off, int n) {
        switch (t) {
            case FLOAT32 -> b.asFloatBuffer().put((float[]) src, off, n);
            case FLOAT64 -> b.asDoubleBuffer().put((double[]) src, off, n);
            case INT32 -> b.asIntBuffer().put((int[]) src, off, n);
            case INT64 -> b.asLongBuffer().put((long[]) src, off, n);
        }
    }

    private static void get(ByteBuffer b, DType t, Object dst, int off, int n) {
        switch (t) {
            case FLOAT32 -> b.asFloatBuffer().get((float[]) dst, off, n);
            case FLOAT64 -> b.asDoubleBuffer().get((double[]) dst, off, n);
            case INT32 -> b.asIntBuffer().get((int[]) dst, off, n);
            case INT64 -> b.asLongBuffer().get((long[]) dst, off, n);
        }
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        CudaErrors.driver("cuDeviceGetAttribute", "discovery", () -> cuDeviceGetAttribute(value, attribute, device));
        return value[0];
    }

    private static String deviceName(CUdevice device) {
        byte[] bytes = new byte[256];
        CudaErrors.driver("cuDeviceGetName", "discovery", () -> cuDeviceGetName(bytes, bytes.length, device));
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
