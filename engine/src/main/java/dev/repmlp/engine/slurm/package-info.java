/**
 * Slurm: trainings, sweeps (job arrays) and sharded evaluations submitted with {@code sbatch} and
 * followed through their run directories on a shared filesystem. Nothing here schedules anything:
 * {@link dev.repmlp.engine.slurm.Slurm} runs Slurm's own commands (each with a timeout), {@link
 * dev.repmlp.engine.slurm.JobScript} writes the readable {@code slurm.sh} a job runs, and {@link
 * dev.repmlp.engine.slurm.SlurmRecord} is what a run directory says about its jobs.
 */
package dev.repmlp.engine.slurm;
