"""The DuckDB warehouse: schema, loading, read-only queries and exports."""
