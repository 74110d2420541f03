"""The snapshot format: loading, validation and locating resources inside the file."""
