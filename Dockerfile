# VibeCoder hub. Build: docker build -t vibecoder/hub . (docker compose up --build does it for you)

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
# dependencies first, so that a source change does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:21-jre
RUN groupadd --system vibecoder && useradd --system --gid vibecoder --home-dir /app vibecoder
WORKDIR /app
# the hub reads ./config (settings, roles, workflows, schemas) and ./routes (the Camel routes)
COPY --from=build /build/target/vibecoder-*.jar /app/vibecoder.jar
COPY config /app/config
COPY routes /app/routes
USER vibecoder
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# bash's /dev/tcp needs no curl or wget in the image
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "/app/vibecoder.jar"]
