package dev.nabla.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_VERSION;
import static org.jocl.CL.CL_SUCCESS;

import dev.nabla.backend.BackendUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device with its context and in-order command queue. {@link #find()} lists the
 * machine's devices and picks one: the {@code nabla.opencl.device} system property chooses by
 * index in {@link #list()} order, by {@code platform:device} indices, or by a substring of the
 * device name; otherwise GPUs come first, then accelerators, then CPUs.
 */
final class ClDevice {
    /** Kernel launches set arguments on shared kernel objects; one launch at a time. */
    final ReentrantLock lock = new ReentrantLock();
    final cl_platform_id platform;
    final cl_device_id id;
    final String name;
    final String platformName;
    final String driver;
    final long type;
    final boolean fp64;
    final long globalMemory;
    final int maxWorkGroup;
    final int computeUnits;
    private cl_context context;
    private cl_command_queue queue;

    private ClDevice(cl_platform_id platform, cl_device_id id) {
        this.platform = platform;
        this.id = id;
        this.name = deviceString(id, CL_DEVICE_NAME).trim();
        this.platformName = platformString(platform, CL_PLATFORM_NAME).trim();
        // Everything that can change the compiled code: it keys the on-disk program cache.
        this.driver = deviceString(id, CL_DRIVER_VERSION).trim() + " / " + deviceString(id, CL_DEVICE_VERSION).trim()
                + " / " + platformString(platform, CL_PLATFORM_VERSION).trim();
        this.type = deviceLong(id, CL_DEVICE_TYPE);
        this.fp64 = deviceString(id, CL_DEVICE_EXTENSIONS).contains("cl_khr_fp64");
        this.globalMemory = deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE);
        this.maxWorkGroup = (int) deviceLong(id, CL_DEVICE_MAX_WORK_GROUP_SIZE);
        this.computeUnits = (int) deviceLong(id, CL_DEVICE_MAX_COMPUTE_UNITS);
    }

    /** True for a GPU (or accelerator); CPU devices such as PoCL's are never chosen automatically. */
    boolean isGpu() {
        return (type & (CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_ACCELERATOR)) != 0;
    }

    /** Every device of every platform, in platform order; throws with the reason when there are none. */
    static List<ClDevice> list() throws BackendUnavailableException {
        try {
            CL.setExceptionsEnabled(false);
            int[] count = new int[1];
            int status = CL.clGetPlatformIDs(0, null, count);
            if (status != CL_SUCCESS || count[0] == 0) {
                throw new BackendUnavailableException("no OpenCL platform found (clGetPlatformIDs returned "
                        + ClErrors.name(status) + "); install an ICD such as pocl-opencl-icd or a GPU driver");
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            ClErrors.check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs", "discovery");
            List<ClDevice> devices = new ArrayList<>();
            for (cl_platform_id platform : platforms) {
                int[] n = new int[1];
                if (CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n) != CL_SUCCESS || n[0] == 0) {
                    continue;
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                ClErrors.check(CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null),
                        "clGetDeviceIDs", "discovery");
                for (cl_device_id id : ids) {
                    devices.add(new ClDevice(platform, id));
                }
            }
            if (devices.isEmpty()) {
                throw new BackendUnavailableException("OpenCL platforms found but no devices on them");
            }
            return devices;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("cannot load OpenCL: " + e.getMessage()
                    + " (JOCL needs libOpenCL.so.1: install ocl-icd-libopencl1 and an ICD)", e);
        }
    }

    /** The device to use (see the class comment), with its context and queue opened. */
    static ClDevice find() throws BackendUnavailableException {
        ClDevice chosen = choose(list(), System.getProperty("nabla.opencl.device"));
        chosen.open();
        return chosen;
    }

    static ClDevice choose(List<ClDevice> devices, String request) throws BackendUnavailableException {
        if (request == null || request.isBlank()) {
            return devices.stream().min(Comparator.comparingInt(ClDevice::preference)).orElseThrow();
        }
        String r = request.trim();
        try {
            if (r.matches("\\d+")) {
                return devices.get(Integer.parseInt(r));
            }
            if (r.matches("\\d+:\\d+")) {
                String[] parts = r.split(":");
                List<cl_platform_id> platforms = devices.stream().map(d -> d.platform).distinct().toList();
                cl_platform_id platform = platforms.get(Integer.parseInt(parts[0]));
                return devices.stream().filter(d -> d.platform.equals(platform)).toList().get(Integer.parseInt(parts[1]));
            }
        } catch (IndexOutOfBoundsException e) {
            throw new BackendUnavailableException("nabla.opencl.device=" + r + " does not exist; devices: " + describe(devices));
        }
        return devices.stream()
                .filter(d -> d.name.toLowerCase(Locale.ROOT).contains(r.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new BackendUnavailableException("nabla.opencl.device=" + r
                        + " matches no device; devices: " + describe(devices)));
    }

    static String describe(List<ClDevice> devices) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            names.add(i + ": " + devices.get(i).name + " (" + (devices.get(i).isGpu() ? "GPU" : "CPU") + ")");
        }
        return String.join(", ", names);
    }

    private int preference() {
        return (type & CL_DEVICE_TYPE_GPU) != 0 ? 0 : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? 1 : 2;
    }

    private void open() {
        int[] err = new int[1];
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, platform);
        context = CL.clCreateContext(properties, 1, new cl_device_id[] {id}, null, null, err);
        ClErrors.check(err[0], "clCreateContext", "opening " + name);
        // In order: every call sees the results of the calls before it, so only reads synchronise.
        queue = CL.clCreateCommandQueue(context, id, 0, err);
        ClErrors.check(err[0], "clCreateCommandQueue", "opening " + name);
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    /** Waits for every queued command. */
    void finish(String op) {
        ClErrors.check(CL.clFinish(queue), "clFinish", op);
    }

    private static long deviceLong(cl_device_id id, int param) {
        long[] value = new long[1];
        ClErrors.check(CL.clGetDeviceInfo(id, param, Sizeof.cl_long, Pointer.to(value), null), "clGetDeviceInfo", "discovery");
        return value[0];
    }

    private static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        ClErrors.check(CL.clGetDeviceInfo(id, param, 0, null, size), "clGetDeviceInfo", "discovery");
        byte[] bytes = new byte[(int) size[0]];
        ClErrors.check(CL.clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo", "discovery");
        return cString(bytes);
    }

    private static String platformString(cl_platform_id id, int param) {
        long[] size = new long[1];
        ClErrors.check(CL.clGetPlatformInfo(id, param, 0, null, size), "clGetPlatformInfo", "discovery");
        byte[] bytes = new byte[(int) size[0]];
        ClErrors.check(CL.clGetPlatformInfo(id, param, bytes.length, Pointer.to(bytes), null), "clGetPlatformInfo", "discovery");
        return cString(bytes);
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
