"""The MCP server: phigate's tools over stdio for one principal."""

from __future__ import annotations

import logging
from typing import Any

import mcp_types as types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

from phigate import __version__
from phigate.config import Config
from phigate.gateway import Gateway
from phigate.identity import Principal
from phigate.tools import ToolRunner, tool_definitions

__all__ = ["build_server", "serve_stdio"]

logger = logging.getLogger(__name__)

INSTRUCTIONS = (
    "phigate gives governed, read-only SQL access to a clinical database. Call list_tables, "
    "then describe_table, then query. Results are masked by policy and every call is audited. "
    "When a query is rejected, the message names the rule and what to do instead."
)


def build_server(runner: ToolRunner) -> Server[Any]:
    """Build the low-level MCP server whose tool calls all go through ``runner``.

    The low-level server is used rather than MCPServer so that argument validation, errors
    and the audit record stay under phigate's control for every call, malformed ones included.
    """
    tools = tool_definitions()

    async def list_tools(
        context: Any, params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call_tool(context: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        return await runner.call(params.name, params.arguments)

    return Server(
        "phigate",
        version=__version__,
        title="phigate",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


async def serve_stdio(config: Config, principal: Principal) -> None:
    """Serve the tools over stdin and stdout until the client closes the stream."""
    gateway = await Gateway.open(config)
    try:
        await gateway.start_connections()
        server = build_server(ToolRunner(gateway, principal))
        logger.info(
            "serving over stdio (principal=%s groups=%s config=%s)",
            principal.name,
            ",".join(principal.groups),
            config.path,
        )
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())
    finally:
        await gateway.close()
        logger.info("stopped (principal=%s)", principal.name)
