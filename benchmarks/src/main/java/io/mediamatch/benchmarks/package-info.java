/**
 * JMH benchmarks ({@code *Benchmark}) and whole-run CPU-time runners ({@code *CpuTime*}, {@code *Report},
 * {@code IndexColdLoad}), each named by what it measures, with realistic inputs from {@code test-fixtures}.
 * Run from {@code benchmarks/target/benchmarks.jar}; results and their commands are in
 * {@code benchmarks/RESULTS.md} and {@code benchmarks/results/}. Not a library: nothing here is API.
 */
package io.mediamatch.benchmarks;
