# Build stage: the same Maven build as on a workstation; tests run in CI, not in the image build.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

# Runtime stage: a JRE, the one jar, a non-root user and a volume for the database.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 bot \
 && useradd --system --uid 10001 --gid bot --home-dir /app --shell /usr/sbin/nologin bot \
 && mkdir -p /app/data \
 && chown bot:bot /app/data
WORKDIR /app
COPY --from=build /src/target/gigachat-telegram-bot.jar /app/gigachat-telegram-bot.jar
USER bot
# Configure with environment variables (TELEGRAM_BOT_TOKEN, GIGACHAT_AUTH_KEY, ...) or mount a
# bot.properties at /app/bot.properties.
ENV BOT_DATA_DIR=/app/data
VOLUME ["/app/data"]
# Exec form: java is PID 1 and receives SIGTERM from `docker stop`, which stops the bot gracefully.
# JVM flags for a small, steady footprint (see README "Performance"): the serial collector (a bot's
# live data is a few megabytes; pauses stay in milliseconds), a heap that starts small and may grow
# to 256 MB, and the quick JIT only (the bot waits on the network, not on the CPU). Replace them with
# docker run -e JAVA_TOOL_OPTIONS="...".
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms16m -Xmx256m -XX:TieredStopAtLevel=1 -Xss512k"
ENTRYPOINT ["java", "-jar", "/app/gigachat-telegram-bot.jar"]
