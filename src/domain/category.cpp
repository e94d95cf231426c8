#include "domain/category.hpp"

namespace kesu::domain {
namespace {

struct Seed {
    const char* code;
    const char* name_zh;
    const char* name_en;
};

struct TopSeed {
    Seed top;
    std::vector<Seed> children;
};

}  // namespace

std::vector<Category> DefaultCategories() {
    // Ids are assigned by storage; children refer to their parent by position (parent_id = top index + 1 here,
    // rewritten by the seeding use case).
    const std::vector<TopSeed> tree{
        {{"quality", "产品质量", "Product quality"},
         {{"quality.defect", "产品缺陷", "Defect"}, {"quality.safety", "安全隐患", "Safety hazard"},
          {"quality.mismatch", "与描述不符", "Not as described"}}},
        {{"service", "服务质量", "Service"},
         {{"service.attitude", "服务态度", "Attitude"}, {"service.after_sales", "售后服务", "After-sales"},
          {"service.response", "响应不及时", "Slow response"}}},
        {{"contract", "合同", "Contract"},
         {{"contract.performance", "合同履行", "Performance"}, {"contract.return", "退换货", "Returns and exchanges"}}},
        {{"price", "价格", "Price"},
         {{"price.pricing", "定价", "Pricing"}, {"price.promotion", "促销活动", "Promotions"},
          {"price.billing", "计费扣费", "Billing"}}},
        {{"delivery", "交付/物流", "Delivery"},
         {{"delivery.delay", "延迟送达", "Late delivery"}, {"delivery.damage", "运输损坏", "Damaged in transit"},
          {"delivery.lost", "丢件", "Lost"}}},
        {{"other", "其他", "Other"}, {}},
    };
    std::vector<Category> categories;
    int order = 0;
    for (std::size_t t = 0; t < tree.size(); ++t) {
        const auto& top = tree[t];
        std::int64_t top_index = static_cast<std::int64_t>(categories.size()) + 1;
        categories.push_back({0, std::nullopt, top.top.code, top.top.name_zh, top.top.name_en, true, ++order});
        for (const auto& child : top.children)
            categories.push_back({0, top_index, child.code, child.name_zh, child.name_en, true, ++order});
    }
    return categories;
}

}  // namespace kesu::domain
