/**
 * Job files: reading YAML/JSON ({@link dev.nabla.cli.job.JobFiles}), the strict field-by-field check
 * that names the path of any unknown or invalid field ({@link dev.nabla.cli.job.Section},
 * {@link dev.nabla.cli.job.JobParser}) and the checked {@link dev.nabla.cli.job.Job}.
 */
package dev.nabla.cli.job;
