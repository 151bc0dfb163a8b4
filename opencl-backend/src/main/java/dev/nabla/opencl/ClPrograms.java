package dev.nabla.opencl;

import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_PROGRAM_BINARIES;
import static org.jocl.CL.CL_PROGRAM_BINARY_SIZES;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_SUCCESS;

import dev.nabla.kernels.KernelTypes;
import dev.nabla.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Builds the kernel sources of nabla-kernels once per device and element types, and keeps the
 * programs and kernel objects. A program is one {@code .cl} file with its {@code #include}s inlined,
 * built with {@code -DT_<type>} (and {@code -DU_<type>} for a second type). Built binaries are also
 * kept on disk, keyed by a hash of the source, options, device, driver and platform, in
 * {@code nabla.opencl.cache} (default {@code ~/.cache/nabla/opencl}; {@code off} disables it), so a
 * new JVM skips the compiler.
 */
final class ClPrograms {
    private static final String RESOURCES = "/dev/nabla/kernels/";

    private final ClDevice device;
    private final Path cacheDir;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final Map<cl_kernel, Integer> maxLocal = new HashMap<>();

    ClPrograms(ClDevice device) {
        this.device = device;
        String dir = System.getProperty("nabla.opencl.cache",
                Path.of(System.getProperty("user.home"), ".cache", "nabla", "opencl").toString());
        this.cacheDir = dir.equals("off") ? null : Path.of(dir);
    }

    /** Kernel {@code name} of {@code file} built for element type {@code t} (and {@code u}, or null). */
    synchronized cl_kernel kernel(String file, DType t, DType u, String name) {
        String options = KernelTypes.defines(t, u);
        String key = file + " " + options + " " + name;
        cl_kernel kernel = kernels.get(key);
        if (kernel == null) {
            cl_program program = programs.computeIfAbsent(file + " " + options, k -> build(file, source(file), options));
            int[] err = new int[1];
            kernel = CL.clCreateKernel(program, name, err);
            ClErrors.check(err[0], "clCreateKernel", name + " of " + file + " [" + options + "]");
            kernels.put(key, kernel);
        }
        return kernel;
    }

    /** The largest work-group size {@code kernel} can run with on this device. */
    synchronized int maxLocal(cl_kernel kernel) {
        return maxLocal.computeIfAbsent(kernel, k -> {
            long[] size = new long[1];
            ClErrors.check(CL.clGetKernelWorkGroupInfo(k, device.id, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
                    Pointer.to(size), null), "clGetKernelWorkGroupInfo", "work-group size");
            return (int) Math.min(size[0], device.maxWorkGroup);
        });
    }

    /** Builds {@code source} (from the disk cache when possible); a failure carries the build log. */
    cl_program build(String label, String source, String options) {
        Path cached = cacheDir == null ? null : cacheDir.resolve(hash(source + "\0" + options + "\0" + device.name
                + "\0" + device.driver + "\0" + device.platformName) + ".bin");
        if (cached != null && Files.isRegularFile(cached)) {
            cl_program program = fromBinary(cached, options);
            if (program != null) {
                return program;
            }
        }
        int[] err = new int[1];
        cl_program program = CL.clCreateProgramWithSource(device.context(), 1, new String[] {source}, null, err);
        ClErrors.check(err[0], "clCreateProgramWithSource", "building " + label);
        int status = CL.clBuildProgram(program, 1, new cl_device_id[] {device.id}, options, null, null);
        if (status != CL_SUCCESS) {
            String log = buildLog(program);
            CL.clReleaseProgram(program);
            throw new ClException("clBuildProgram", status, "building " + label + " [" + options + "] for "
                    + device.name, "build log:\n" + log);
        }
        if (cached != null) {
            store(program, cached);
        }
        return program;
    }

    /** A program from a cached binary, or null when the driver rejects it (then it is rebuilt). */
    private cl_program fromBinary(Path file, String options) {
        try {
            byte[] binary = Files.readAllBytes(file);
            int[] err = new int[1];
            cl_program program = CL.clCreateProgramWithBinary(device.context(), 1, new cl_device_id[] {device.id},
                    new long[] {binary.length}, new byte[][] {binary}, null, err);
            if (err[0] != CL_SUCCESS) {
                return null;
            }
            if (CL.clBuildProgram(program, 1, new cl_device_id[] {device.id}, options, null, null) != CL_SUCCESS) {
                CL.clReleaseProgram(program);
                return null;
            }
            return program;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the program's binary atomically; a cache that cannot be written only costs build time. */
    private void store(cl_program program, Path file) {
        long[] size = new long[1];
        if (CL.clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null) != CL_SUCCESS
                || size[0] == 0) {
            return;
        }
        byte[] binary = new byte[(int) size[0]];
        if (CL.clGetProgramInfo(program, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(binary)), null)
                != CL_SUCCESS) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "program", ".tmp");
            Files.write(temp, binary);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Read-only home or full disk: the next JVM compiles again, nothing else changes.
        }
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(program, device.id, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) Math.max(size[0], 1)];
        CL.clGetProgramBuildInfo(program, device.id, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).replace("\0", "").strip();
    }

    /** A kernel file with its {@code #include "x.h"} lines replaced by the headers (each once). */
    static String source(String file) {
        return inline(file, new HashSet<>());
    }

    private static String inline(String file, Set<String> seen) {
        if (!seen.add(file)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : read(file).split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("#include \"") && t.endsWith("\"")) {
                out.append(inline(t.substring(10, t.length() - 1), seen));
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(String file) {
        try (InputStream in = ClPrograms.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("opencl: kernel source " + RESOURCES + file
                        + " is missing; is nabla-kernels on the class path?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
