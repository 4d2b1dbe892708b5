package dev.vibecoder.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vibecoder.support.ConfigFiles;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Token prices from {@code config/prices.yaml}: what a model call cost. */
@Component
public class PriceList {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public record Price(BigDecimal input, BigDecimal output) {
    }

    public record Prices(String currency, Price defaultPrice, Map<String, Price> models) {
    }

    private final Prices prices;

    public PriceList(ConfigFiles config) {
        Path file = config.root().resolve("prices.yaml");
        Prices read = Files.exists(file) ? config.readYaml(file, PricesFile.class).toPrices() : null;
        this.prices = read != null ? read
                : new Prices("USD", new Price(BigDecimal.ZERO, BigDecimal.ZERO), Map.of());
    }

    /** The price of a model, by exact name or its longest listed prefix. */
    public Price priceOf(String model) {
        if (model == null) {
            return prices.defaultPrice();
        }
        return prices.models().entrySet().stream()
                .filter(e -> model.equals(e.getKey()) || model.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(prices.defaultPrice());
    }

    public BigDecimal cost(String model, long inputTokens, long outputTokens) {
        Price price = priceOf(model);
        return price.input().multiply(BigDecimal.valueOf(inputTokens))
                .add(price.output().multiply(BigDecimal.valueOf(outputTokens)))
                .divide(MILLION, 6, RoundingMode.HALF_UP);
    }

    public String currency() {
        return prices.currency();
    }

    /** The file's shape ({@code default} is a Java keyword). */
    record PricesFile(String currency, Map<String, Price> models, @JsonProperty("default") Price fallback) {
        Prices toPrices() {
            return new Prices(currency == null ? "USD" : currency,
                    fallback == null ? new Price(BigDecimal.ZERO, BigDecimal.ZERO) : fallback,
                    models == null ? Map.of() : Map.copyOf(models));
        }
    }
}
