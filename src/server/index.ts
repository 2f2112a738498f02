export { createApp, type AppDependencies } from './createApp.js';
export { HttpError } from './HttpError.js';
export { listen, encodeRequestLine, type Listening } from './listen.js';
