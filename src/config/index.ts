export { describeConfig, loadConfig, ConfigError, type Config, type ConfigSource } from './loadConfig.js';
