package io.github.gigabot.chat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.gigabot.render.AnswerFormatter;
import io.github.gigabot.render.MessageSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's behaviour, free of Telegram and HTTP: which messages to answer, the commands, and turning
 * the model's answer (or its failure) into replies. This is the one place where model failures
 * become user-facing texts.
 */
public final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    /**
     * Characters of system prompt, history and question in one request. GigaChat's smallest context
     * is 32k tokens and Russian text runs at two to four characters a token, so this leaves ample
     * room for the answer.
     */
    public static final int HISTORY_CHAR_BUDGET = 24_000;

    /** The commands the bot answers, in the order menus show them. */
    public static final List<String> COMMANDS = List.of("start", "help", "temp", "model", "usage", "reset");

    private final BotIdentity bot;
    private final ChatModel model;
    private final ImageSource images;
    private final FileRelay files;
    private final AttachmentPolicy filePolicy = new AttachmentPolicy();
    private final ChatSettings settings;
    private final History history;
    private final ChatOptions options;
    private final Gatekeeper gatekeeper;
    private final UserTexts texts;
    private final AnswerFormatter formatter;
    private final CommandParser commands;
    private final Addressing addressing;
    private final ModelCommand models;
    private final TokenBudget budget;
    private final UsageCommand usage;
    private final TemperatureParser temperatures = new TemperatureParser();
    private final MessageSplitter plainSplitter = new MessageSplitter(Reply.MAX_LENGTH);
    private final ConversationBuilder conversations = new ConversationBuilder(HISTORY_CHAR_BUDGET);

    public ChatService(BotIdentity bot, ModelAccess gigachat, ChatStores stores, ChatOptions options,
                       Gatekeeper gatekeeper, TokenBudget budget, UserTexts texts, AnswerFormatter formatter) {
        this.bot = bot;
        this.model = gigachat.chat();
        this.images = gigachat.images();
        this.files = gigachat.files();
        this.settings = stores.settings();
        this.history = stores.history();
        this.budget = budget;
        this.usage = new UsageCommand(stores.usage(), budget, texts);
        this.options = options;
        this.gatekeeper = gatekeeper;
        this.texts = texts;
        this.formatter = formatter;
        this.commands = new CommandParser(bot.username());
        this.addressing = new Addressing(bot.username());
        this.models = new ModelCommand(gigachat.models(), stores.settings(), options.defaultModel(), texts);
    }

    /** The reply for a message the bot gave up on: better an apology than silence. */
    public Reply apology(IncomingMessage message) {
        return replyTo(message, texts.text(message.languageCode(), "error.internal"));
    }

    /**
     * What a draft shows of the answer so far: the first message's worth, as Telegram HTML; nothing
     * when it cannot be rendered (the finished answer still comes, see {@link #answer}).
     */
    public String preview(String textSoFar) {
        List<String> parts;
        try {
            parts = formatter.format(ImageTags.withoutTags(textSoFar), null);
        } catch (RuntimeException | StackOverflowError e) {
            return "";
        }
        return parts.isEmpty() ? "" : parts.get(0);
    }

    /** The command menu in a language: command name to its description. */
    public java.util.Map<String, String> commandMenu(String languageCode) {
        java.util.Map<String, String> menu = new java.util.LinkedHashMap<>();
        for (String command : COMMANDS) {
            menu.put(command, texts.text(languageCode, "command." + command));
        }
        return menu;
    }

    /**
     * Takes the first look at a message, before it is queued: whether it is for the bot at all, and
     * whether the owner's rules let it through. Fast and in memory; counts a question against its
     * sender's rate, so it is called once per message.
     */
    public Screening screen(IncomingMessage message) {
        Route route = route(message);
        if (!route.forUs()) {
            return Screening.turnAway(List.of());
        }
        String language = message.languageCode();
        Gatekeeper.Admission admission = gatekeeper.admit(message, route.isQuestion());
        switch (admission.verdict()) {
            case REFUSE:
                log.info("Chat {}: sender {} is not allowed to use the bot", message.chatId(), message.userId());
                return Screening.turnAway(List.of(replyTo(message, texts.text(language, "access.refused", String.valueOf(message.userId())))));
            case SLOW_DOWN:
                return Screening.turnAway(List.of(replyTo(message, texts.text(language, "rate.limited", String.valueOf(admission.waitSeconds())))));
            case REFUSE_QUIETLY:
            case SLOW_DOWN_QUIETLY:
                return Screening.turnAway(List.of());
            default:
                return Screening.admit();
        }
    }

    /**
     * Decides what an admitted message needs. Never calls the model, never throws (a group admin
     * check may ask Telegram, {@code /reset} writes to the database), so it runs in the chat's turn.
     */
    public Decision decide(IncomingMessage message) {
        Route route = route(message);
        if (!route.forUs()) {
            return Decision.ignore();
        }
        if (route.command().isPresent()) {
            return command(message, route.command().get());
        }
        if (!route.isQuestion()) {
            return reply(message, texts.text(message.languageCode(), "bare-mention", bot.username()));
        }
        if (message.attachment() != null) {
            Optional<Decision> refusal = fileRefusal(message);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        Optional<Reply> overBudget = budgetRefusal(message);
        if (overBudget.isPresent()) {
            return Decision.reply(List.of(overBudget.get()));
        }
        String question = route.address().prompt();
        if (question.isEmpty() && message.attachment() != null) {
            // A file without a caption: ask what anyone sending it would most likely want.
            question = texts.text(message.languageCode(), "file.question." + use(message.attachment()).name().toLowerCase(Locale.ROOT));
        }
        return Decision.ask(new Prompt(message, question));
    }

    /** The reply for a question a daily token limit stops; empty while neither is reached. */
    private Optional<Reply> budgetRefusal(IncomingMessage message) {
        Optional<TokenBudget.Exhausted> exhausted = budget.exhausted(message.userId());
        if (exhausted.isEmpty()) {
            return Optional.empty();
        }
        log.info("Chat {}: question from {} not asked, the {} daily token limit is reached",
                message.chatId(), message.userId(), exhausted.get() == TokenBudget.Exhausted.USER ? "user's" : "bot's");
        return Optional.of(exhausted.get() == TokenBudget.Exhausted.USER
                ? replyTo(message, texts.text(message.languageCode(), "budget.user", UsageCommand.number(budget.settings().dailyTokenLimit())))
                : replyTo(message, texts.text(message.languageCode(), "budget.bot")));
    }

    /** Why the message's file cannot be read, as the reply; empty when it can. Nothing is downloaded to decide. */
    private Optional<Decision> fileRefusal(IncomingMessage message) {
        Attachment file = message.attachment();
        Optional<AttachmentPolicy.Use> use = filePolicy.use(file);
        if (use.isEmpty()) {
            return Optional.of(reply(message, texts.text(message.languageCode(), "file.unsupported")));
        }
        if (filePolicy.tooLarge(file, use.get())) {
            return Optional.of(reply(message, tooLarge(message)));
        }
        return Optional.empty();
    }

    /** "Too large: I read files of this kind up to N MB", for the message's file. */
    private String tooLarge(IncomingMessage message) {
        return texts.text(message.languageCode(), "file.too-large",
                String.valueOf(filePolicy.limit(use(message.attachment())) / (1024 * 1024)));
    }

    private AttachmentPolicy.Use use(Attachment file) {
        return filePolicy.use(file).orElseThrow();
    }

    /** The reply for a message turned away because its chat has too many messages waiting. */
    public Reply queueFull(IncomingMessage message) {
        return replyTo(message, texts.text(message.languageCode(), "queue.full"));
    }

    /** A command, or else how the message addresses the bot. */
    private record Route(Optional<Command> command, Address address, boolean forUs) {
        boolean isQuestion() {
            return address != null && address.kind() == Address.Kind.PROMPT;
        }
    }

    private Route route(IncomingMessage message) {
        Optional<Command> command = commands.parse(message.text());
        if (command.isPresent()) {
            return new Route(command, null, isForUs(message, command.get()));
        }
        Address address = addressing.address(message);
        return new Route(command, address, address.kind() != Address.Kind.NOT_FOR_BOT);
    }

    /** A known command, or in a private chat or addressed to us by name any command, is ours. */
    private static boolean isForUs(IncomingMessage message, Command command) {
        if (command.target() == Command.Target.OTHER_BOT) {
            return false;
        }
        // In a group, a bare /unknown is probably for another bot there.
        return COMMANDS.contains(command.name()) || message.chatType() == ChatType.PRIVATE
                || command.target() == Command.Target.THIS_BOT;
    }

    /** Asks the model and turns its answer into replies. Slow; never throws. */
    public List<Reply> answer(Prompt prompt) {
        return answer(prompt, null);
    }

    /**
     * Like {@link #answer(Prompt)}, streaming the answer to {@code progress} (the raw text so far)
     * while it is generated, when {@code progress} is not null.
     */
    public List<Reply> answer(Prompt prompt, Consumer<String> progress) {
        return answer(prompt, progress, activity -> { });
    }

    /**
     * Like {@link #answer(Prompt, Consumer)}, telling {@code activity} what the bot turns to as it
     * goes: passing on the user's file, waiting for the model, fetching a picture.
     */
    public List<Reply> answer(Prompt prompt, Consumer<String> progress, Consumer<Activity> activity) {
        IncomingMessage source = prompt.source();
        String language = source.languageCode();
        double temperature = temperature(source.chatId());
        long started = System.nanoTime();
        List<StoredFile> stored;
        try {
            stored = upload(source, activity);
        } catch (FileTransferException e) {
            log.warn("Chat {}: file not passed on to GigaChat, {}: {}", source.chatId(), e.reason(), e.getMessage());
            return reply(source, fileFailure(source, e)).replies();
        }
        List<String> uploaded = stored.stream().map(StoredFile::id).toList();
        long uploadedBytes = stored.stream().mapToLong(StoredFile::bytes).sum();
        boolean remembered = false;
        try {
            Admission admission = budget.admission(source.chatId(), source.userId());
            CompletionRequest request = new CompletionRequest(messages(source, prompt.text(), uploaded, uploadedBytes), temperature,
                    sessionId(source), models.modelOf(source.chatId()), admission);
            Completion completion = ask(source, request, progress);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            admission.spent(completion.usage()); // counted here if the model did not count it in its turn
            String content = completion.content().strip();
            log.info("Answered chat {}: {} chars in, {} chars out, {} tokens, model {} ms, finish {}",
                    source.chatId(), prompt.text().length(), content.length(), completion.usage().total(), millis,
                    completion.finishReason());
            ImageTags.Drawn drawn = ImageTags.extract(content);
            if (drawn.text().isEmpty() && drawn.fileIds().isEmpty()) {
                return reply(source, texts.text(language, "answer.empty")).replies();
            }
            remembered = remember(source, new History.Turn("user", prompt.text(), uploaded, uploadedBytes), content);
            if (!drawn.fileIds().isEmpty()) {
                activity.accept(Activity.FETCHING_PICTURE);
            }
            List<Reply.Photo> photos = pictures(source, drawn.fileIds());
            String note = completion.truncated() ? texts.text(language, "answer.truncated")
                    : completion.interrupted() ? texts.text(language, "answer.interrupted") : null;
            if (photos.size() < drawn.fileIds().size()) {
                String failed = texts.text(language, "image.failed");
                note = note == null ? failed : note + "\n" + failed;
            }
            return withPhotos(source, drawn.text(), note, photos);
        } catch (ModelException e) {
            log.warn("Chat {}: no answer, {}: {}", source.chatId(), e.kind(), e.getMessage());
            if (e.kind() == ModelException.Kind.WITHDRAWN) {
                return List.of(budgetRefusal(source).orElse(replyTo(source, texts.failure(language, e.kind()))));
            }
            return reply(source, texts.failure(language, e.kind())).replies();
        } finally {
            if (!remembered && !uploaded.isEmpty()) {
                files.delete(uploaded); // no conversation holds it: GigaChat need not keep it
            }
        }
    }

    /**
     * Asks the model. A model the chat chose that GigaChat no longer knows (a retired model, another
     * key) is forgotten, and the question asked of the default: a chat is never stuck on it.
     */
    private Completion ask(IncomingMessage source, CompletionRequest request, Consumer<String> progress) throws ModelException {
        try {
            return call(request, progress);
        } catch (ModelException e) {
            if (e.kind() != ModelException.Kind.NO_SUCH_MODEL || !models.forgetUnknown(source.chatId(), request.model())) {
                throw e;
            }
            return call(request.withModel(models.modelOf(source.chatId())), progress);
        }
    }

    /** One model call: streamed when {@code progress} is not null. */
    private Completion call(CompletionRequest request, Consumer<String> progress) throws ModelException {
        return progress == null ? model.complete(request) : model.stream(request, progress);
    }

    /** Passes the message's file, if any, on to GigaChat: its id there, or none. */
    private List<StoredFile> upload(IncomingMessage source, Consumer<Activity> activity) throws FileTransferException {
        Attachment file = source.attachment();
        if (file == null) {
            return List.of();
        }
        AttachmentPolicy.Use use = use(file);
        activity.accept(use == AttachmentPolicy.Use.IMAGE ? Activity.READING_PHOTO
                : use == AttachmentPolicy.Use.AUDIO ? Activity.READING_AUDIO : Activity.READING_DOCUMENT);
        StoredFile stored = files.upload(file, filePolicy.uploadName(file), filePolicy.mimeType(file), filePolicy.limit(use));
        activity.accept(Activity.THINKING);
        return List.of(stored);
    }

    private String fileFailure(IncomingMessage source, FileTransferException e) {
        String language = source.languageCode();
        switch (e.reason()) {
            case TOO_LARGE:
                return tooLarge(source);
            case UPLOAD:
                return e.getCause() instanceof ModelException
                        ? texts.failure(language, ((ModelException) e.getCause()).kind())
                        : texts.text(language, "file.failed");
            default:
                return texts.text(language, "file.failed");
        }
    }

    /** The pictures the model drew, fetched; one that cannot be fetched is left out and logged. */
    private List<Reply.Photo> pictures(IncomingMessage source, List<String> fileIds) {
        List<Reply.Photo> photos = new ArrayList<>();
        for (String fileId : fileIds) {
            try {
                photos.add(new Reply.Photo(images.image(fileId)));
            } catch (ModelException e) {
                log.warn("Chat {}: picture {} not fetched, {}: {}", source.chatId(), fileId, e.kind(), e.getMessage());
            }
        }
        return photos;
    }

    /**
     * The answer's replies with its pictures: the first picture carries the text as its caption when
     * the text fits one; otherwise the pictures come first, then the text.
     */
    private List<Reply> withPhotos(IncomingMessage source, String text, String note, List<Reply.Photo> photos) {
        List<Reply> parts = text.isEmpty() ? (note == null ? List.of() : List.of(replyTo(source, note)))
                : format(source, text, note);
        if (photos.isEmpty()) {
            return parts;
        }
        List<Reply> replies = new ArrayList<>();
        boolean captioned = parts.size() == 1 && parts.get(0).text().length() <= Reply.MAX_CAPTION_LENGTH;
        replies.add((captioned ? parts.get(0) : replyTo(source, "")).withPhoto(photos.get(0)));
        for (Reply.Photo photo : photos.subList(1, photos.size())) {
            replies.add(replyTo(source, "").withPhoto(photo));
        }
        if (!captioned) {
            replies.addAll(parts);
        }
        return replies;
    }

    /**
     * The answer as HTML parts; as plain text when it cannot be rendered, or renders to nothing
     * visible (a model can write anything, and the user should still see what it wrote).
     */
    private List<Reply> format(IncomingMessage source, String content, String note) {
        List<String> html;
        try {
            html = formatter.format(content, note);
        } catch (RuntimeException | StackOverflowError e) {
            // A renderer defeated by pathological input: the stack unwinds, the text is still there.
            log.error("Chat {}: answer could not be rendered ({}); sending it as plain text", source.chatId(), e.toString());
            html = List.of();
        }
        if (!html.isEmpty()) {
            return html.stream().map(part -> replyTo(source, part).withFormat(Reply.Format.HTML)).toList();
        }
        String plain = note == null ? content : content + "\n\n" + note;
        return plainSplitter.split(plain).stream().map(part -> replyTo(source, part)).toList();
    }

    /** The request's messages: the question alone, or with the system prompt and the history. */
    private List<ChatMessage> messages(IncomingMessage source, String question, List<String> attachments, long attachmentBytes) {
        List<History.Turn> earlier = List.of();
        if (options.historyMessages() > 0) {
            try {
                earlier = history.recent(source.chatId(), source.threadId(), options.historyMessages());
            } catch (StorageException e) {
                // Answering without context beats not answering.
                log.error("Chat {}: history not read, answering without it: {}", source.chatId(), e.getMessage());
            }
        }
        return conversations.build(options.systemPrompt(), earlier, question, attachments, attachmentBytes);
    }

    /** Keeps the exchange in the conversation; true when it was kept (and with it the question's files). */
    private boolean remember(IncomingMessage source, History.Turn question, String answer) {
        if (options.historyMessages() == 0) {
            return false;
        }
        try {
            History.Forgotten forgotten = history.append(source.chatId(), source.threadId(),
                    List.of(question, new History.Turn("assistant", answer)),
                    options.historyMessages());
            if (!forgotten.files().isEmpty()) {
                files.delete(forgotten.files());
            }
            return true;
        } catch (StorageException e) {
            log.error("Chat {}: history not saved: {}", source.chatId(), e.getMessage());
            return false;
        }
    }

    /** One id per conversation, so that GigaChat's prompt cache recognises the shared history. */
    private static String sessionId(IncomingMessage source) {
        return "tg-" + source.chatId() + (source.threadId() == null ? "" : "-" + source.threadId());
    }

    private Decision command(IncomingMessage message, Command command) {
        String language = message.languageCode();
        switch (command.name()) {
            case "start":
                return reply(message, texts.text(language, "start", bot.username()));
            case "help":
                return reply(message, texts.text(language, "help", bot.username()));
            case "temp":
                return temp(message, command.argument());
            case "model":
                return model(message, command.argument());
            case "usage":
                return reply(message, usage.answer(message, command.argument()));
            case "reset":
                return reset(message);
            default:
                return reply(message, texts.text(language, "unknown-command"));
        }
    }

    private Decision model(IncomingMessage message, String argument) {
        String language = message.languageCode();
        if (argument.isEmpty()) {
            return reply(message, models.show(message.chatId(), language));
        }
        Optional<Decision> refusal = settingsRefusal(message);
        return refusal.orElseGet(() -> reply(message, models.set(message.chatId(), language, argument)));
    }

    /** Why the sender may not change this chat's settings, as the reply; empty when they may. */
    private Optional<Decision> settingsRefusal(IncomingMessage message) {
        try {
            return gatekeeper.mayChangeSettings(message) ? Optional.empty()
                    : Optional.of(reply(message, texts.text(message.languageCode(), "settings.admins-only")));
        } catch (AdminDirectory.LookupFailed e) {
            log.warn("Chat {}: cannot check whether user {} is an administrator: {}", message.chatId(), message.userId(), e.getMessage());
            return Optional.of(reply(message, texts.text(message.languageCode(), "settings.check-failed")));
        }
    }

    private Decision temp(IncomingMessage message, String argument) {
        String language = message.languageCode();
        if (argument.isEmpty()) {
            return reply(message, texts.text(language, "temp.current", format(temperature(message.chatId()))));
        }
        Optional<Decision> refusal = settingsRefusal(message);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        TemperatureInput input = temperatures.parse(argument);
        if (input.problem() != null) {
            String key = input.problem() == TemperatureInput.Problem.OUT_OF_RANGE ? "temp.out-of-range" : "temp.not-a-number";
            return reply(message, texts.text(language, key));
        }
        double value = input.value().getAsDouble();
        try {
            settings.setTemperature(message.chatId(), value);
        } catch (StorageException e) {
            log.error("Chat {}: temperature not saved: {}", message.chatId(), e.getMessage());
            return reply(message, texts.text(language, "error.internal"));
        }
        log.info("Chat {}: temperature set to {}", message.chatId(), format(value));
        return reply(message, texts.text(language, "temp.set", format(value)));
    }

    private Decision reset(IncomingMessage message) {
        try {
            History.Forgotten forgotten = history.clear(message.chatId(), message.threadId());
            log.info("Chat {}: history reset, {} message(s) and {} file(s) forgotten", message.chatId(),
                    forgotten.messages(), forgotten.files().size());
            if (!forgotten.files().isEmpty()) {
                files.delete(forgotten.files());
            }
            return reply(message, texts.text(message.languageCode(), "reset.done"));
        } catch (StorageException e) {
            log.error("Chat {}: history not reset: {}", message.chatId(), e.getMessage());
            return reply(message, texts.text(message.languageCode(), "error.internal"));
        }
    }

    /** The chat's temperature; the default when none was set or the database cannot be read. */
    private double temperature(long chatId) {
        try {
            return settings.temperature(chatId).orElse(options.defaultTemperature());
        } catch (StorageException e) {
            // Answering with the default beats not answering.
            log.error("Chat {}: temperature not read, using the default: {}", chatId, e.getMessage());
            return options.defaultTemperature();
        }
    }

    /** 0.7, 1.5, 2: no binary noise, no trailing zeros. */
    static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static Decision reply(IncomingMessage message, String text) {
        return Decision.reply(List.of(replyTo(message, text)));
    }

    /** In a group the answer quotes the question, so everyone sees what it answers. */
    private static Reply replyTo(IncomingMessage message, String text) {
        Integer replyTo = message.chatType() == ChatType.GROUP ? message.messageId() : null;
        return new Reply(message.chatId(), message.threadId(), replyTo, text);
    }
}
