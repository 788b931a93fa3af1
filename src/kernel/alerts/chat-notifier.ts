import type { ChatNotification } from './chat-notification';

/**
 * The chat port: one admin alert as one custom notification to the chat channels (Slack, Microsoft Teams)
 * subscribed to the product's chat topic. src/kernel/alerts/adapters/sns-chat.ts is SNS.
 */
export interface ChatNotifier {
  publish(notification: ChatNotification): Promise<void>;
}
