package io.github.gigabot.telegram;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.gigabot.chat.BotIdentity;
import io.github.gigabot.chat.Reply;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The bot's outgoing calls to the Bot API, in the bot's own terms: who am I, send this reply, show
 * "typing". Every failure becomes a {@link TelegramFailure} with the error code and no token.
 */
public final class TelegramBotApi {

    private final TelegramClient client;

    public TelegramBotApi(TelegramClient client) {
        this.client = client;
    }

    /** Asks Telegram who the bot is; fails with code 401 or 404 when the token is wrong. */
    public BotIdentity getMe() throws TelegramFailure {
        User me = execute(new GetMe());
        if (me == null || me.getId() == null || me.getUserName() == null) {
            throw new TelegramFailure(0, "getMe answered without the bot's id or username", null);
        }
        return new BotIdentity(me.getId(), me.getUserName());
    }

    /** Sends one reply, once: a text message, or a photo with the text as its caption. {@link ReplySender} decides about retries. */
    public void send(Reply reply) throws TelegramFailure {
        String parseMode = reply.format() == Reply.Format.HTML ? ParseMode.HTML : null;
        // The question may be deleted while the model thinks; the answer still matters.
        ReplyParameters quote = reply.replyToMessageId() == null ? null
                : ReplyParameters.builder().messageId(reply.replyToMessageId()).allowSendingWithoutReply(true).build();
        if (reply.photo() != null) {
            SendPhoto photo = SendPhoto.builder()
                    .chatId(reply.chatId())
                    .photo(new InputFile(new ByteArrayInputStream(reply.photo().jpeg()), "picture.jpg"))
                    .caption(reply.text().isEmpty() ? null : reply.text())
                    .parseMode(reply.text().isEmpty() ? null : parseMode)
                    .messageThreadId(reply.threadId())
                    .replyParameters(quote)
                    .build();
            await(photo.getMethod(), client.executeAsync(photo));
            return;
        }
        execute(SendMessage.builder()
                .chatId(reply.chatId())
                .text(reply.text())
                .parseMode(parseMode)
                .messageThreadId(reply.threadId())
                .replyParameters(quote)
                .build());
    }

    /**
     * Sets the command menu users see for a language.
     *
     * @param commands     command name (no slash) to description, in menu order
     * @param languageCode the users' language, or null for everyone without a menu of their own
     */
    public void setCommands(Map<String, String> commands, String languageCode) throws TelegramFailure {
        List<BotCommand> menu = commands.entrySet().stream()
                .map(entry -> new BotCommand(entry.getKey(), entry.getValue())).toList();
        execute(SetMyCommands.builder().commands(menu).scope(new BotCommandScopeDefault()).languageCode(languageCode).build());
    }

    /** A member's status in a chat: creator, administrator, member, restricted, left or kicked. */
    public String memberStatus(long chatId, long userId) throws TelegramFailure {
        ChatMember member = execute(GetChatMember.builder().chatId(chatId).userId(userId).build());
        if (member == null || member.getStatus() == null) {
            throw new TelegramFailure(0, "getChatMember answered without a status", null);
        }
        return member.getStatus();
    }

    /**
     * Shows or updates the draft {@code draftId} of a private chat: an answer being written. Does not
     * wait: the answer goes on streaming meanwhile. The result fails with a {@link TelegramFailure}.
     */
    public CompletableFuture<Boolean> sendDraft(long chatId, int draftId, String html) {
        return executeLater(SendMessageDraft.builder().chatId(chatId).draftId(draftId).text(html).parseMode(ParseMode.HTML).build());
    }

    /** Where a file the bot may download lies: {@code getFile}'s {@code file_path}, and its size (0 if unknown). */
    public record FileLocation(String path, long size) {
    }

    /** Asks where to download a file from; files over 20 MB are refused by Telegram's cloud. */
    public FileLocation locate(String fileId) throws TelegramFailure {
        File file = execute(GetFile.builder().fileId(fileId).build());
        if (file == null || file.getFilePath() == null || file.getFilePath().isBlank()) {
            throw new TelegramFailure(0, "getFile answered without a file_path", null);
        }
        return new FileLocation(file.getFilePath(), file.getFileSize() == null ? 0 : file.getFileSize());
    }

    /**
     * Shows what the bot is busy with ("typing…", "sending a photo…") for about five seconds. Does not
     * wait; the result fails with a {@link TelegramFailure}.
     */
    public CompletableFuture<Boolean> sendAction(long chatId, Integer threadId, ActionType action) {
        return executeLater(SendChatAction.builder()
                .chatId(chatId)
                .messageThreadId(threadId)
                .action(action.toString())
                .build());
    }

    /**
     * Tells Telegram to deliver updates to {@code url} from now on, with {@code secret} in the
     * {@code X-Telegram-Bot-Api-Secret-Token} header of every call. Updates not yet delivered are kept.
     */
    public void setWebhook(String url, String secret, List<String> allowedUpdates) throws TelegramFailure {
        SetWebhook setWebhook = SetWebhook.builder().url(url).secretToken(secret).allowedUpdates(allowedUpdates)
                .dropPendingUpdates(false).build();
        await(setWebhook.getMethod(), client.executeAsync(setWebhook));
    }

    private <T extends Serializable, M extends BotApiMethod<T>> T execute(M method) throws TelegramFailure {
        return await(method.getMethod(), executeLater(method));
    }

    /** Starts the call; its result fails with a {@link TelegramFailure}, never with the library's exceptions. */
    private <T extends Serializable, M extends BotApiMethod<T>> CompletableFuture<T> executeLater(M method) {
        CompletableFuture<T> call;
        try {
            call = client.executeAsync(method);
        } catch (TelegramApiException e) {
            return CompletableFuture.failedFuture(failure(method.getMethod(), e));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        call.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure(method.getMethod(), unwrapped(error)));
            }
        });
        return result;
    }

    private static <T> T await(String method, CompletableFuture<T> call) throws TelegramFailure {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramFailure(0, method + " interrupted", e);
        } catch (ExecutionException | CompletionException e) {
            throw failure(method, unwrapped(e));
        }
    }

    private static Throwable unwrapped(Throwable error) {
        return (error instanceof ExecutionException || error instanceof CompletionException) && error.getCause() != null
                ? error.getCause() : error;
    }

    private static TelegramFailure failure(String method, Throwable cause) {
        if (cause instanceof TelegramFailure) {
            return (TelegramFailure) cause;
        }
        if (cause instanceof TelegramApiRequestException) {
            TelegramApiRequestException request = (TelegramApiRequestException) cause;
            int code = request.getErrorCode() == null ? 0 : request.getErrorCode();
            Integer retryAfter = request.getParameters() == null ? null : request.getParameters().getRetryAfter();
            return new TelegramFailure(code, method + " failed: " + code + " " + request.getApiResponse(),
                    request.getApiResponse(), retryAfter, cause);
        }
        // Transport errors: OkHttp's messages name host and port, never the token-bearing path.
        Throwable root = cause.getCause() != null ? cause.getCause() : cause;
        return new TelegramFailure(0, method + " failed: " + root.getClass().getSimpleName() + ": " + root.getMessage(), cause);
    }
}
