"""Reports (报告): render evaluations and monitoring results as text, Markdown and figures."""
