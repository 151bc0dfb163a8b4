/** Headless PNG charts in Java2D: training curves ({@link dev.nabla.cli.chart.LineChart}) and benchmark bars ({@link dev.nabla.cli.chart.BarChart}). */
package dev.nabla.cli.chart;
