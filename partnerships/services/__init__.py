"""Changes of state in the partnerships app, one module per concept (see STYLE.md §2)."""
