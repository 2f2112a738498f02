export { describeConfig, loadConfig, ConfigError, type Config, type ConfigSource, type WechatConfig } from './loadConfig.js';
