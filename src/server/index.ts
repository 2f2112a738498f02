export { createApp, type AppDependencies } from './createApp.js';
export { HttpError } from './HttpError.js';
export { listen, type Listening } from './listen.js';
export { createNodeServer, type ConnectionLimits } from './createNodeServer.js';
export { writeRawResponse } from './rawHttp.js';
export { accountOf, agentRoutes, agentTokenOf, publicAgent, roleOf, AGENT_COOKIE, type AgentRoutesOptions } from './routes/agentRoutes.js';
export { workspaceRoutes, type WorkspaceRoutesOptions } from './routes/workspaceRoutes.js';
export { createAgentStream, AGENT_STREAM_PATH, type AgentStreamOptions } from './createAgentStream.js';
export { mediaRoutes, sendMedia, type MediaRoutesOptions } from './routes/mediaRoutes.js';
