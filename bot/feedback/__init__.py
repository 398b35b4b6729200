"""Feedback after meetings: ready-made questions, results, the chart and the CSV export."""
