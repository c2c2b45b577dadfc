"""The MCP tools: argument models, definitions, text renderings and the call runner."""

from phigate.tools.runner import ToolRunner
from phigate.tools.specs import TOOL_ARGUMENTS, tool_definitions

__all__ = ["TOOL_ARGUMENTS", "ToolRunner", "tool_definitions"]
