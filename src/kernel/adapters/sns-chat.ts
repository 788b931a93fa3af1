import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ChatNotification } from '../alerts/chat-notification';
import type { ChatNotifier } from '../alerts/chat-notifier';
import { ChatPublishError } from '../errors';

let snsClient: SNSClient | undefined;

/** One client per container. Few attempts: the alert's email is out, and chat must not hold the run up. */
function sharedClient(): SNSClient {
  snsClient ??= new SNSClient({ maxAttempts: 3 });
  return snsClient;
}

/**
 * The chat port over SNS: one Publish of the notification's JSON to the chat topic, which the chat
 * application's channel configurations subscribe to (serverless.yml). An SNS error becomes ChatPublishError
 * naming SNS's error code, never the message.
 */
export function createSnsChat(opts: { topicArn: string; client?: SNSClient }): ChatNotifier {
  const client = opts.client ?? sharedClient();
  return {
    async publish(notification: ChatNotification) {
      try {
        await client.send(
          new PublishCommand({ TopicArn: opts.topicArn, Message: JSON.stringify(notification) }),
        );
      } catch (err) {
        const code = err instanceof Error ? err.name : 'Error';
        throw new ChatPublishError(`SNS did not publish the chat alert: ${code}`, { cause: err });
      }
    },
  };
}
