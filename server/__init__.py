"""phigate: governed, masked and audited database access for AI agents over MCP."""

__version__ = "0.1.0"
